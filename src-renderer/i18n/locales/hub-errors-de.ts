/**
 * The hub's refusals in German, by reason key (see hub-errors-en.ts).
 */
import type { LocaleTexts } from './types.js';

export const hubErrorsDe: LocaleTexts['hubErrors'] = {
  internal: 'Der Hub konnte die Anfrage nicht ausführen. Bitte versuche es noch einmal.',
  linkLost: 'Die Verbindung zum Hub ist abgebrochen; es wurde nichts geändert.',
  protocolMismatch: 'Diese Konsole spricht Protokoll {{console}}, der Hub Protokoll {{hub}}. Bitte aktualisiere die Konsole.',
  cursorExpired: 'Diese Konsole war länger offline, als der Hub Änderungen aufbewahrt; sie lädt ihren Cache neu.',
  request: {
    roleForbidden: 'Deine Rolle ({{role}}) darf das nicht ({{event}}).',
    invalid: 'Der Hub konnte diese Anfrage nicht lesen ({{event}}): {{details}}',
  },
  mutation: { idReused: 'Diese Änderung wurde schon als eine andere Aktion gesendet.' },
  login: {
    required: 'E-Mail und Passwort eingeben.',
    throttled: 'Zu viele fehlgeschlagene Anmeldungen. Bitte warte ein paar Minuten und versuche es dann noch einmal.',
    wrongCredentials: 'E-Mail oder Passwort ist falsch.',
  },
  session: {
    none: 'Deine Sitzung ist beendet. Bitte melde dich erneut an.',
    expired: 'Deine Sitzung ist ungültig oder abgelaufen. Bitte melde dich erneut an.',
    signedOut: 'Du hast dich abgemeldet (in diesem oder einem anderen Fenster).',
  },
  conversation: {
    notFound: 'Dieses Gespräch gibt es nicht (oder es wurde gelöscht).',
    notVisible: 'Dieses Gespräch gibt es nicht, oder es ist nicht in deiner Warteschlange.',
    notYourTeam: 'Dieses Gespräch ist nicht mehr in der Warteschlange deines Teams.',
    assignedToColleague: 'Dieses Gespräch ist einer Kollegin oder einem Kollegen zugewiesen. Bitte eine Teamleitung, es zu übergeben.',
    stale: 'Nicht gesendet: Seit du das geschrieben hast, {{changes}}. Prüfen und erneut senden oder verwerfen.',
    phoneTakesNotes: 'Telefongespräche bekommen Gesprächsnotizen, keine Antworten.',
  },
  stale: {
    customer_one: 'hat der Kunde {{count}} neue Nachricht geschrieben',
    customer_other: 'hat der Kunde {{count}} neue Nachrichten geschrieben',
    colleagues_one: 'hat eine Kollegin oder ein Kollege {{count}}-mal geantwortet',
    colleagues_other: 'hat eine Kollegin oder ein Kollege {{count}}-mal geantwortet',
    assigned: 'wurde das Gespräch einer Kollegin oder einem Kollegen zugewiesen',
    closed: 'wurde das Gespräch geschlossen',
  },
  message: { idTaken: 'Eine Nachricht mit dieser ID gibt es schon.' },
  assign: {
    leadsOnly: 'Nur Teamleitungen können Gespräche anderen zuweisen.',
    noSuchColleague: 'Diese Kollegin oder diesen Kollegen gibt es nicht, oder das Konto ist deaktiviert.',
    capacityFull: 'Du hast schon so viele offene {{channel}}-Gespräche, wie deine Kapazität erlaubt. Schließe zuerst eines.',
  },
  tag: { notFound: 'Dieses Gespräch hat kein Schlagwort „{{tag}}“.' },
  snooze: {
    closed: 'Ein geschlossenes Gespräch kann nicht zurückgestellt werden. Öffne es zuerst wieder.',
    invalidTime: 'Die Weckzeit ist kein gültiges Datum.',
    tooFar: 'Ein Gespräch kann höchstens {{days}} Tage zurückgestellt werden.',
    past: 'Wähle eine Zeit in der Zukunft.',
  },
  reply: {
    noteOptions: 'Interne Notizen haben keinen Betreff, keine Kopie, keine Sichtbarkeit und keine Weiterleitung.',
    emailOnly: 'Nur E-Mail-Antworten haben {{fields}}.',
    privateOnly: 'Dieses {{channel}}-Gespräch kann nur privat beantwortet werden.',
    tooLong: '{{label}} darf höchstens {{limit}} Zeichen haben; diese hat {{length}}. Zum Senden kürzen.',
    tooLongX: '{{label}} darf höchstens {{limit}} Zeichen haben (Links zählen 23); diese hat {{length}}. Zum Senden kürzen.',
    label: {
      x: 'Eine Antwort auf X',
      xPrivate: 'Eine Direktnachricht auf X',
      whatsapp: 'Eine WhatsApp-Nachricht',
      facebook: 'Eine Facebook-Antwort',
      instagram: 'Eine Instagram-Antwort',
      other: 'Eine Antwort',
    },
    notInConversation: 'Die Nachricht, auf die du antwortest oder die du weiterleitest, gehört nicht zu diesem Gespräch.',
  },
  replyWindow: {
    templateOnlyOnWhatsApp: 'Nachrichtenvorlagen können nur auf WhatsApp gesendet werden.',
    neverWrote: 'Der Kunde hat auf WhatsApp noch nicht geschrieben, daher kann nur eine Vorlage gesendet werden.',
    closed:
      'WhatsApp erlaubt freie Antworten nur innerhalb von 24 Stunden, nachdem der Kunde zuletzt geschrieben hat; dieses Fenster hat sich am {{closedAt}} geschlossen. Bis der Kunde wieder schreibt, kann nur eine Vorlage gesendet werden.',
  },
  callLog: { notFound: 'Diesen Anrufeintrag gibt es in diesem Gespräch nicht.' },
  callback: {
    idTaken: 'Einen Rückruf mit dieser ID gibt es schon.',
    notFound: 'Diesen Rückruf gibt es in diesem Gespräch nicht.',
    done: 'Dieser Rückruf ist schon erledigt.',
    cancelled: 'Dieser Rückruf ist schon abgesagt.',
    leadsOnly: 'Nur Teamleitungen können den Rückruf einer Kollegin oder eines Kollegen weitergeben.',
    colleagueNotInTeam: '{{name}} ist nicht im Team dieses Gesprächs; übergib das Gespräch zuerst.',
    outsideServiceHours: 'Die Fälligkeit {{dueAt}} liegt außerhalb der Servicezeiten (oder auf einem Feiertag).',
    outsideReachable: 'Die Fälligkeit {{dueAt}} liegt außerhalb der Zeiten, zu denen der Kunde erreichbar ist.',
  },
  telephony: {
    noClickToDial: 'Es ist kein Click-to-Dial-System eingerichtet; wähle mit deinem Softphone.',
    refused: 'Die Telefonanlage hat den Anruf abgelehnt (HTTP {{status}}).',
    timeout: 'Die Telefonanlage hat nicht rechtzeitig geantwortet. Wähle von Hand oder versuche es noch einmal.',
    unreachable: 'Die Telefonanlage ist nicht erreichbar. Wähle von Hand oder versuche es noch einmal.',
    badTemplate: 'Die Click-to-Dial-Vorlage ist keine http(s)-URL.',
  },
  routing: {
    cannotTake: 'Dein Konto kann keine Gespräche übernehmen.',
    noSuchConversation: 'Dieses Gespräch gibt es in deiner Ansicht nicht.',
  },
  lead: { noSuchColleague: 'Diese Kollegin oder diesen Kollegen gibt es nicht.' },
  report: { tooMuch: 'In diesem Zeitraum ist zu viel passiert für einen Bericht; wähle einen kürzeren Zeitraum.' },
  shift: {
    alreadyStarted: 'Deine Schicht hat schon begonnen.',
    notRunning: 'Du hast keine laufende Schicht.',
  },
  canned: {
    deleted: 'Dieser Textbaustein wurde gelöscht.',
    notFound: 'Diesen Textbaustein gibt es nicht.',
  },
  channel: {
    invalid: 'Ungültige Angaben ({{what}}): {{details}}',
    notFound: 'Dieses Kanalkonto gibt es nicht.',
    cannotChange: 'Der Kanal eines Kontos kann nicht geändert werden.',
    addressTaken: 'Ein anderes {{channel}}-Konto verwendet {{address}} bereits.',
  },
  customer: {
    notFound: 'Diesen Kunden gibt es nicht.',
    notVisible: 'Keines der Gespräche dieses Kunden ist in der Warteschlange deines Teams.',
    erased: 'Dieser Kunde wurde gelöscht.',
    merged: 'Dieser Kunde wurde mit einem anderen zusammengeführt; arbeite mit diesem oder mache die Zusammenführung rückgängig.',
    numberTaken: 'Ein anderer Kunde hat diese Kundennummer.',
  },
  consent: {
    foreignIdentity: 'Diese Identität gehört nicht zu diesem Kunden.',
    future: 'Eine Einwilligung kann nicht in der Zukunft datiert sein.',
    idTaken: 'Eine Einwilligung mit dieser ID gibt es schon.',
    notFound: 'Diese aktive Einwilligung gibt es nicht.',
  },
  reward: { couponTaken: 'Dieser Gutscheincode wurde schon ausgegeben.' },
  merge: {
    notFound: 'Diese Zusammenführung gibt es nicht.',
    undone: 'Diese Zusammenführung wurde schon rückgängig gemacht.',
    erasedInside: 'Diese Zusammenführung kann nicht rückgängig gemacht werden: Ein Kunde darin wurde gelöscht.',
    erased: 'Ein gelöschter Kunde kann nicht zusammengeführt werden.',
    rule: 'Diese Kunden können nicht zusammengeführt werden: {{details}}',
  },
  privacy: {
    erased: 'Dieser Kunde wurde schon gelöscht.',
    mergedErase: 'Dieser Kunde wurde mit einem anderen zusammengeführt: Lösche jenen.',
    confirmName: 'Gib den Namen des Kunden genau ein, um die Löschung zu bestätigen.',
  },
};
