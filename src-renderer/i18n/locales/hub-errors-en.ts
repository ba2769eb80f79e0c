/**
 * The hub's refusals in English, by reason key (`ERROR_REASONS` in src-shared; a unit test checks
 * that every key has a text here and in German). Parameters are the hub's `reason.params`; times
 * and channel names arrive already formatted by `hubErrorText`.
 */
export const hubErrorsEn = {
  internal: 'The hub could not complete the request. Please try again.',
  linkLost: 'The connection to the hub was lost; nothing was changed.',
  protocolMismatch: 'This console speaks protocol {{console}}, the hub speaks {{hub}}. Please update the console.',
  cursorExpired: 'This console was offline longer than the hub keeps changes; it reloads its cache.',
  request: {
    roleForbidden: 'Your role ({{role}}) may not do this ({{event}}).',
    invalid: 'The hub could not read this request ({{event}}): {{details}}',
  },
  mutation: { idReused: 'This change was already sent as a different action.' },
  login: {
    required: 'Enter your email and password.',
    throttled: 'Too many failed sign-ins. Please wait a few minutes and try again.',
    wrongCredentials: 'Wrong email or password.',
  },
  session: {
    none: 'Your session has ended. Please sign in again.',
    expired: 'Your session is invalid or has expired. Please sign in again.',
    signedOut: 'You signed out (in this or another window).',
  },
  conversation: {
    notFound: 'This conversation does not exist (or was deleted).',
    notVisible: 'This conversation does not exist or is not in your queue.',
    notYourTeam: "This conversation is not in your team's queue any more.",
    assignedToColleague: 'This conversation is assigned to a colleague. Ask a team lead to transfer it.',
    stale: 'Not sent: since you wrote this, {{changes}}. Review and send again, or discard.',
    phoneTakesNotes: 'Phone conversations take call notes, not replies.',
  },
  stale: {
    customer_one: 'the customer wrote {{count}} new message',
    customer_other: 'the customer wrote {{count}} new messages',
    colleagues_one: 'a colleague replied {{count}} time',
    colleagues_other: 'a colleague replied {{count}} times',
    assigned: 'the conversation was assigned to a colleague',
    closed: 'the conversation was closed',
  },
  message: { idTaken: 'A message with this id already exists.' },
  assign: {
    leadsOnly: 'Only team leads can assign conversations to colleagues.',
    noSuchColleague: 'That colleague does not exist or is disabled.',
    capacityFull: 'You already have as many open {{channel}} conversations as your capacity allows. Close one first.',
  },
  tag: { notFound: 'This conversation has no tag “{{tag}}”.' },
  snooze: {
    closed: 'A closed conversation cannot be snoozed. Reopen it first.',
    invalidTime: 'The wake time is not a valid date.',
    tooFar: 'A conversation can be snoozed for at most {{days}} days.',
    past: 'Choose a time in the future.',
  },
  reply: {
    noteOptions: 'Internal notes have no subject, cc, visibility or forward.',
    emailOnly: 'Only email replies have {{fields}}.',
    privateOnly: 'This {{channel}} conversation can only be answered privately.',
    tooLong: '{{label}} may have at most {{limit}} characters; this one has {{length}}. Shorten it to send.',
    tooLongX: '{{label}} may have at most {{limit}} characters (links count as 23); this one has {{length}}. Shorten it to send.',
    label: {
      x: 'A reply on X',
      xPrivate: 'A direct message on X',
      whatsapp: 'A WhatsApp message',
      facebook: 'A Facebook reply',
      instagram: 'An Instagram reply',
      other: 'A reply',
    },
    notInConversation: 'The message to answer or forward is not part of this conversation.',
  },
  replyWindow: {
    templateOnlyOnWhatsApp: 'Message templates can only be sent on WhatsApp.',
    neverWrote: 'The customer has not written on WhatsApp yet, so only a template message can be sent.',
    closed:
      'WhatsApp allows free-form replies only within 24 hours after the customer last wrote; that window closed at {{closedAt}}. Only a template message can be sent until the customer writes again.',
  },
  callLog: { notFound: 'This call-log entry does not exist in this conversation.' },
  callback: {
    idTaken: 'A callback with this id already exists.',
    notFound: 'This callback does not exist in this conversation.',
    done: 'This callback is already done.',
    cancelled: 'This callback is already cancelled.',
    leadsOnly: 'Only team leads can hand a colleague’s callback to someone else.',
    colleagueNotInTeam: "{{name}} is not in this conversation's team; transfer the conversation first.",
    outsideServiceHours: "The due time {{dueAt}} is outside the contact center's service hours (or on a holiday).",
    outsideReachable: 'The due time {{dueAt}} is outside the hours the customer can be reached.',
  },
  telephony: {
    noClickToDial: 'No click-to-dial system is configured; dial with your softphone.',
    refused: 'The telephone system refused the call (HTTP {{status}}).',
    timeout: 'The telephone system did not answer in time. Dial by hand or try again.',
    unreachable: 'The telephone system cannot be reached. Dial by hand or try again.',
    badTemplate: 'The click-to-dial template is not an http(s) URL.',
  },
  routing: {
    cannotTake: 'Your account cannot take conversations.',
    noSuchConversation: 'No such conversation in your view.',
  },
  lead: { noSuchColleague: 'That colleague does not exist.' },
  report: { tooMuch: 'This range holds too much activity for one report; choose a shorter range.' },
  shift: {
    alreadyStarted: 'Your shift has already started.',
    notRunning: 'You have no shift running.',
  },
  canned: {
    deleted: 'This canned response was deleted.',
    notFound: 'This canned response does not exist.',
  },
  channel: {
    invalid: 'Invalid {{what}}: {{details}}',
    notFound: 'This channel account does not exist.',
    cannotChange: 'The channel of an account cannot change.',
    addressTaken: 'Another {{channel}} account already uses {{address}}.',
  },
  customer: {
    notFound: 'No such customer.',
    notVisible: "None of this customer's conversations is in your team's queue.",
    erased: 'This customer was erased.',
    merged: 'This customer was merged into another; work on that one or unmerge first.',
    numberTaken: 'Another customer has this customer number.',
  },
  consent: {
    foreignIdentity: 'That identity does not belong to this customer.',
    future: 'A consent cannot be dated in the future.',
    idTaken: 'A consent with this id exists already.',
    notFound: 'No such active consent.',
  },
  reward: { couponTaken: 'This coupon code was issued before.' },
  merge: {
    notFound: 'No such merge.',
    undone: 'This merge was already undone.',
    erasedInside: 'This merge cannot be undone: a customer in it was erased.',
    erased: 'An erased customer cannot be merged.',
    rule: 'These customers cannot be merged: {{details}}',
  },
  privacy: {
    erased: 'This customer was erased already.',
    mergedErase: 'This customer was merged into another: erase that one.',
    confirmName: "Type the customer's name exactly to confirm the erasure.",
  },
};
