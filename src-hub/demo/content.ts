/**
 * Demo-mode content: fictional customers, staff and inbound messages for the brand
 * "Brightline" (consumer electronics + broadband/mobile contracts), in German and English.
 *
 * Everything here is static data; the seeder and traffic generator pick from it with the
 * seeded PRNG in `./random.ts`, so a given seed always produces the same workspace.
 *
 * All people, handles, addresses and numbers are invented:
 * - e-mail addresses use reserved example domains (example.com/.de/.org, mail.example.net);
 * - phone numbers use ranges set aside for fiction (DE: +49 171 39200xx, +49 176 04690xx,
 *   +49 30 23125xxx, +49 40 66969xxx; UK: +44 7700 900xxx; US: +1 202 555 01xx).
 *
 * Placeholders: texts may contain `{name}` (the customer's display name); fill them with
 * `fillTemplate(text, { name })` before use.
 */

export type DemoChannel = 'email' | 'chat' | 'facebook' | 'instagram' | 'whatsapp' | 'x';
export type DemoLanguage = 'de' | 'en';
export type DemoDepartment = 'sales' | 'marketing' | 'service' | 'support';

/** The six channels demo content covers (the shared `Channel` type also has 'phone'). */
export const DEMO_CHANNELS: readonly DemoChannel[] = ['email', 'chat', 'facebook', 'instagram', 'whatsapp', 'x'];

export interface DemoIdentity {
  channel: DemoChannel;
  /**
   * How the customer appears on the channel: e-mail address, E.164 phone for WhatsApp,
   * @handle for X/Instagram, display name for Facebook, visitor name or e-mail for chat.
   */
  handle: string;
  /**
   * Stable provider-side id: the address for e-mail, wa_id digits for WhatsApp,
   * numeric ids for Facebook/Instagram/X, 'visitor-…' for chat.
   */
  providerUserId: string;
  displayName: string;
}

export interface DemoCustomer {
  key: string;
  name: string;
  language: DemoLanguage;
  /** ISO 3166-1 alpha-2, e.g. 'DE', 'AT', 'CH', 'GB', 'US', 'IE'. */
  country: string;
  identities: DemoIdentity[];
}

export interface DemoMessageTemplate {
  channel: DemoChannel;
  kind: 'message' | 'comment' | 'mention';
  language: DemoLanguage;
  department: DemoDepartment;
  /** Set for e-mails only; null on every other channel. */
  subject: string | null;
  body: string;
  urgent: boolean;
}

export interface DemoStaffMember {
  key: string;
  name: string;
  email: string;
  role: 'agent' | 'lead' | 'admin';
  departments: DemoDepartment[];
}

// ---------------------------------------------------------------------------------------
// Identity helpers (keep the per-channel id conventions in one place)
// ---------------------------------------------------------------------------------------

function email(address: string, displayName: string): DemoIdentity {
  return { channel: 'email', handle: address, providerUserId: address.toLowerCase(), displayName };
}

/** `phone` in E.164 (`+49…`); WhatsApp's wa_id is the same number without the plus. */
function whatsapp(phone: string, displayName: string): DemoIdentity {
  return { channel: 'whatsapp', handle: phone, providerUserId: phone.slice(1), displayName };
}

function x(handle: string, id: string, displayName: string): DemoIdentity {
  return { channel: 'x', handle, providerUserId: id, displayName };
}

function instagram(handle: string, id: string, displayName: string): DemoIdentity {
  return { channel: 'instagram', handle, providerUserId: id, displayName };
}

function facebook(displayName: string, psid: string): DemoIdentity {
  return { channel: 'facebook', handle: displayName, providerUserId: psid, displayName };
}

function chat(visitor: string, visitorId: string, displayName: string): DemoIdentity {
  return { channel: 'chat', handle: visitor, providerUserId: `visitor-${visitorId}`, displayName };
}

// ---------------------------------------------------------------------------------------
// Customers: 14 German-speaking (DE/AT/CH), 10 English-speaking (GB/US/IE)
// ---------------------------------------------------------------------------------------

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    key: 'lena-hoffmann',
    name: 'Lena Hoffmann',
    language: 'de',
    country: 'DE',
    identities: [
      email('lena.hoffmann@example.de', 'Lena Hoffmann'),
      whatsapp('+4917139200111', 'Lena 🌻'),
      instagram('@lena.hoffi', '17841452203918476', 'Lena H.'),
    ],
  },
  {
    key: 'markus-weber',
    name: 'Markus Weber',
    language: 'de',
    country: 'DE',
    identities: [
      email('m.weber@mail.example.net', 'Markus Weber'),
      x('@markus_weber_b', '1493820571930284032', 'Markus Weber'),
    ],
  },
  {
    key: 'sabine-krueger',
    name: 'Sabine Krüger',
    language: 'de',
    country: 'DE',
    identities: [facebook('Sabine Krüger', '6284019375520418'), email('sabine.krueger@example.de', 'Sabine Krüger')],
  },
  {
    key: 'jonas-becker',
    name: 'Jonas Becker',
    language: 'de',
    country: 'DE',
    identities: [whatsapp('+4917604690023', 'Jonas'), chat('Jonas Becker', '3f9a1c07', 'Jonas Becker')],
  },
  {
    key: 'katharina-schulz',
    name: 'Katharina Schulz',
    language: 'de',
    country: 'AT',
    identities: [email('katharina.schulz@example.org', 'Katharina Schulz'), facebook('Kathi Schulz', '5902173846615207')],
  },
  {
    key: 'thomas-gruber',
    name: 'Thomas Gruber',
    language: 'de',
    country: 'AT',
    identities: [x('@tgruber_wien', '2847193056', 'Thomas Gruber'), email('t.gruber@example.com', 'Thomas Gruber')],
  },
  {
    key: 'mehmet-yilmaz',
    name: 'Mehmet Yılmaz',
    language: 'de',
    country: 'DE',
    identities: [
      whatsapp('+4917139200147', 'Mehmet Y.'),
      instagram('@mehmet.ylmz', '17841400381726455', 'Mehmet Yılmaz'),
      facebook('Mehmet Yılmaz', '7135520984402631'),
    ],
  },
  {
    key: 'claudia-meier',
    name: 'Claudia Meier',
    language: 'de',
    country: 'CH',
    identities: [
      email('claudia.meier@example.com', 'Claudia Meier'),
      chat('claudia.meier@example.com', 'a81d44e2', 'Claudia Meier'),
    ],
  },
  {
    key: 'lukas-brunner',
    name: 'Lukas Brunner',
    language: 'de',
    country: 'CH',
    identities: [
      instagram('@lukas.brunner.zh', '17841463390027518', 'Lukas Brunner'),
      x('@lukasbrunner', '1102938475610293847', 'Lukas B.'),
    ],
  },
  {
    key: 'petra-schneider',
    name: 'Petra Schneider',
    language: 'de',
    country: 'DE',
    identities: [facebook('Petra Schneider', '4419823307716652'), whatsapp('+4917604690058', 'Petra Schneider')],
  },
  {
    key: 'felix-wagner',
    name: 'Felix Wagner',
    language: 'de',
    country: 'DE',
    identities: [chat('Felix', '5c20b9f1', 'Felix'), email('felix.wagner@example.de', 'Felix Wagner')],
  },
  {
    key: 'anja-lehmann',
    name: 'Anja Lehmann',
    language: 'de',
    country: 'DE',
    identities: [
      x('@anja_lehmann', '987654012345678901', 'Anja Lehmann'),
      instagram('@anja.lehmann.fotografie', '17841409918273640', 'Anja Lehmann Fotografie'),
    ],
  },
  {
    key: 'stefan-huber',
    name: 'Stefan Huber',
    language: 'de',
    country: 'AT',
    identities: [email('stefan.huber@mail.example.net', 'Stefan Huber')],
  },
  {
    key: 'nina-zimmermann',
    name: 'Nina Zimmermann',
    language: 'de',
    country: 'DE',
    identities: [
      instagram('@nina.zmm', '17841427765104392', 'Nina Z.'),
      whatsapp('+4917139200185', 'Nina Zimmermann'),
    ],
  },
  {
    key: 'oliver-bennett',
    name: 'Oliver Bennett',
    language: 'en',
    country: 'GB',
    identities: [email('oliver.bennett@example.com', 'Oliver Bennett'), whatsapp('+447700900142', 'Olly')],
  },
  {
    key: 'charlotte-evans',
    name: 'Charlotte Evans',
    language: 'en',
    country: 'GB',
    identities: [
      instagram('@charlie.evans.ldn', '17841415530981127', 'Charlie Evans'),
      facebook('Charlotte Evans', '3390581726640915'),
    ],
  },
  {
    key: 'james-oconnor',
    name: "James O'Connor",
    language: 'en',
    country: 'IE',
    identities: [
      email('james.oconnor@example.org', "James O'Connor"),
      x('@jimoconnor_dub', '1380017462930518016', "Jim O'Connor"),
    ],
  },
  {
    key: 'emily-carter',
    name: 'Emily Carter',
    language: 'en',
    country: 'US',
    identities: [
      chat('emily.carter@example.com', 'e4f7102b', 'Emily Carter'),
      whatsapp('+12025550173', 'Emily C'),
    ],
  },
  {
    key: 'daniel-harris',
    name: 'Daniel Harris',
    language: 'en',
    country: 'US',
    identities: [
      x('@danharris_tech', '3120947586', 'Dan Harris'),
      email('dan.harris@mail.example.net', 'Daniel Harris'),
    ],
  },
  {
    key: 'sophie-walsh',
    name: 'Sophie Walsh',
    language: 'en',
    country: 'IE',
    identities: [facebook('Sophie Walsh', '5517730298846120'), instagram('@sophiewalsh', '17841438842019953', 'Sophie Walsh')],
  },
  {
    key: 'michael-thompson',
    name: 'Michael Thompson',
    language: 'en',
    country: 'US',
    identities: [email('mike.thompson@example.com', 'Michael Thompson')],
  },
  {
    key: 'hannah-wright',
    name: 'Hannah Wright',
    language: 'en',
    country: 'GB',
    identities: [whatsapp('+447700900318', 'Hannah W'), chat('Hannah', '09bd6e3a', 'Hannah')],
  },
  {
    key: 'ryan-murphy',
    name: 'Ryan Murphy',
    language: 'en',
    country: 'IE',
    identities: [x('@ryanmurphy_ie', '1620394857162039485', 'Ryan Murphy'), facebook('Ryan Murphy', '6021947730158834')],
  },
  {
    key: 'grace-patel',
    name: 'Grace Patel',
    language: 'en',
    country: 'GB',
    identities: [
      instagram('@grace.patel', '17841450026637781', 'Grace Patel'),
      email('grace.patel@example.org', 'Grace Patel'),
      chat('Grace P.', '71c3d5a8', 'Grace P.'),
    ],
  },
];

// ---------------------------------------------------------------------------------------
// Inbound message templates
// ---------------------------------------------------------------------------------------

/** Joins lines with '\n' so multi-paragraph e-mails stay readable in source. */
function lines(...parts: string[]): string {
  return parts.join('\n');
}

function mail(
  language: DemoLanguage,
  department: DemoDepartment,
  subject: string,
  body: string,
  urgent = false,
): DemoMessageTemplate {
  return { channel: 'email', kind: 'message', language, department, subject, body, urgent };
}

function msg(
  channel: Exclude<DemoChannel, 'email'>,
  kind: DemoMessageTemplate['kind'],
  language: DemoLanguage,
  department: DemoDepartment,
  body: string,
  urgent = false,
): DemoMessageTemplate {
  return { channel, kind, language, department, subject: null, body, urgent };
}

const EMAIL_DE: DemoMessageTemplate[] = [
  mail(
    'de',
    'service',
    'Wo bleibt meine Bestellung 4711-2381-0094?',
    lines(
      'Guten Tag,',
      '',
      'ich habe am Montag ein Brightline Nova 12 bestellt (Bestellnummer 4711-2381-0094). Laut Bestätigung sollte die Lieferung in 2–3 Werktagen erfolgen, die Sendungsverfolgung zeigt aber seit vier Tagen nur „Sendung angekündigt“.',
      '',
      'Können Sie mir sagen, wo das Paket ist?',
      '',
      'Mit freundlichen Grüßen',
      '{name}',
    ),
  ),
  mail(
    'de',
    'support',
    'Internet seit 3 Tagen ausgefallen – dringend!',
    lines(
      'Hallo Brightline-Team,',
      '',
      'mein Internet ist seit 3 Tagen tot!! Die HomeBox blinkt bei „DSL“ rot, neu gestartet habe ich sie schon x-mal. Ich arbeite im Homeoffice und kann so nicht weitermachen. Die Störungshotline legt nach 20 Minuten Warteschleife einfach auf.',
      '',
      'Bitte schicken Sie umgehend einen Techniker.',
      '',
      '{name}',
      'Kundennummer 30051877',
      'Tel. +49 30 23125417',
    ),
    true,
  ),
  mail(
    'de',
    'service',
    'Frage zur Rechnung – doppelte Abbuchung',
    lines(
      'Sehr geehrte Damen und Herren,',
      '',
      'auf meinem Kontoauszug sehe ich, dass der Monatsbetrag für meinen Vertrag Brightline Fiber 250 (49,99 €) diesen Monat zweimal abgebucht wurde. In der Rechnung im Kundenportal steht er nur einmal.',
      '',
      'Bitte prüfen Sie das und erstatten Sie mir den doppelt abgebuchten Betrag.',
      '',
      'Freundliche Grüße',
      '{name}',
      'Kundennummer 30219934',
    ),
  ),
  mail(
    'de',
    'service',
    'Kündigung meines Mobilfunkvertrags',
    lines(
      'Guten Tag,',
      '',
      'hiermit kündige ich meinen Vertrag Brightline Mobil M fristgerecht zum nächstmöglichen Zeitpunkt. Bitte senden Sie mir eine schriftliche Bestätigung mit dem Vertragsende.',
      '',
      'Meine Rufnummer möchte ich zu einem anderen Anbieter mitnehmen. Bitte schicken Sie mir dazu auch die nötigen Informationen zur Rufnummernmitnahme.',
      '',
      'Mit freundlichen Grüßen',
      '{name}',
    ),
  ),
  mail(
    'de',
    'sales',
    'Anfrage: 12 Diensthandys mit Firmentarif',
    lines(
      'Hallo,',
      '',
      'wir sind ein kleines Architekturbüro und möchten unsere 12 Mitarbeitenden mit neuen Smartphones ausstatten. Gibt es für das Nova 12 oder das Nova 12 Lite Konditionen für Geschäftskunden, und wäre ein Tarif mit gemeinsamem Datenvolumen möglich?',
      '',
      'Über ein Angebot würde ich mich freuen.',
      '',
      'Beste Grüße',
      '{name}',
    ),
  ),
  mail(
    'de',
    'support',
    'Buds Pro – linker Ohrhörer lädt nicht mehr',
    lines(
      'Hallo zusammen,',
      '',
      'meine Brightline Buds Pro sind gerade einmal sechs Wochen alt und der linke Ohrhörer lädt nicht mehr. Im Case leuchtet die LED kurz auf und geht dann aus. Die Kontakte habe ich gereinigt, einen Reset nach Anleitung habe ich auch gemacht.',
      '',
      'Wie läuft der Garantieaustausch? Den Kaufbeleg schicke ich gern mit.',
      '',
      'Viele Grüße',
      '{name}',
      'Bestellnummer 4711-2290-3318',
    ),
  ),
  mail(
    'de',
    'service',
    'Zum dritten Mal: Erstattung fehlt weiterhin',
    lines(
      'Sehr geehrte Damen und Herren,',
      '',
      'ich habe den Fernseher Vision 55 vor vier Wochen zurückgeschickt, die Rücksendung wurde laut Sendungsverfolgung am Tag darauf bei Ihnen zugestellt. Seitdem warte ich auf die Erstattung von 649 €. Das ist meine dritte Nachricht, bisher kam nur eine automatische Antwort.',
      '',
      'Sollte das Geld nicht bis Freitag auf meinem Konto sein, werde ich mich an die Verbraucherzentrale wenden.',
      '',
      '{name}',
      'Bestellnummer 4711-2177-5402',
      'Tel. +49 40 66969238',
    ),
    true,
  ),
  mail(
    'de',
    'marketing',
    'Lob für Ihren Techniker',
    lines(
      'Hallo Brightline,',
      '',
      'ich möchte mich einmal ausdrücklich bedanken: Ihr Techniker war heute pünktlich, hat den Glasfaseranschluss in einer Stunde eingerichtet und mir sogar noch das WLAN im Keller verbessert. So stelle ich mir Service vor!',
      '',
      'Bitte geben Sie das Lob weiter.',
      '',
      'Herzliche Grüße',
      '{name}',
    ),
  ),
  mail(
    'de',
    'sales',
    'Beratung: Vision 55 oder Vision 65?',
    lines(
      'Guten Tag,',
      '',
      'ich überlege, bei Ihnen einen neuen Fernseher zu kaufen. Mein Wohnzimmer ist nicht sehr groß, ich sitze etwa 2,5 m vom Gerät entfernt. Lohnt sich da der Vision 65 oder reicht der Vision 55? Und unterstützen beide Modelle HDMI 2.1 für die Spielkonsole?',
      '',
      'Danke vorab!',
      '{name}',
    ),
  ),
  mail(
    'de',
    'service',
    'Lieferadresse für Bestellung 4711-2402-1175 ändern',
    lines(
      'Hallo,',
      '',
      'ich bin letzte Woche umgezogen und habe gerade gemerkt, dass meine Bestellung 4711-2402-1175 noch an die alte Adresse geht. Können Sie die Lieferadresse noch ändern? Die neue Adresse lautet: Lindenstraße 12, 2. OG.',
      '',
      'Danke und viele Grüße',
      '{name}',
      'Tel. +49 30 23125562',
    ),
  ),
  mail(
    'de',
    'support',
    'HomeBox verliert abends die Verbindung',
    lines(
      'Guten Abend,',
      '',
      'seit dem letzten Firmware-Update (Version 7.4) verliert meine HomeBox mehrmals am Abend für ein paar Minuten die Internetverbindung. Videocalls brechen dann jedes Mal ab. Im Ereignisprotokoll steht „PPPoE-Zeitüberschreitung“.',
      '',
      'Ist das ein bekanntes Problem, oder kann ich auf die alte Version zurückgehen?',
      '',
      'Mit freundlichen Grüßen',
      '{name}',
      'Kundennummer 30877120',
    ),
  ),
  mail(
    'de',
    'service',
    'Rechnungen der letzten 12 Monate als PDF',
    lines(
      'Hallo,',
      '',
      'für meine Steuererklärung brauche ich die Rechnungen der letzten 12 Monate als PDF. Im Kundenportal finde ich nur die letzten drei. Können Sie mir die übrigen bitte per E-Mail schicken?',
      '',
      'Vielen Dank',
      '{name}',
    ),
  ),
];

const EMAIL_EN: DemoMessageTemplate[] = [
  mail(
    'en',
    'service',
    'Where is my order BL-208431?',
    lines(
      'Hello,',
      '',
      'I ordered a Brightline Nova 12 last Tuesday (Order no. BL-208431) with express delivery. The tracking page still says "Label created" and nothing has moved since. I paid extra for express, so I would like to know what is going on.',
      '',
      'Kind regards,',
      '{name}',
    ),
  ),
  mail(
    'en',
    'service',
    'Still no refund – final reminder',
    lines(
      'Hi,',
      '',
      'I returned the Vision 55 TV five weeks ago and you confirmed receipt on the 3rd. I have now emailed four times and called twice, and there is still no refund. Nobody gives me a straight answer.',
      '',
      "If I don't see the money by the end of this week, I'll go to the press and file a chargeback with my bank.",
      '',
      '{name}',
      'Order no. BL-197552',
      'Phone +44 7700 900516',
    ),
    true,
  ),
  mail(
    'en',
    'support',
    'HomeBox keeps rebooting',
    lines(
      'Hello Brightline support,',
      '',
      "Since Sunday my HomeBox router restarts itself roughly every hour. All the lights go off, then it takes about five minutes to come back. I've tried a different socket and a factory reset, no change.",
      '',
      'Could you check whether the device is faulty and send a replacement if needed?',
      '',
      'Thanks,',
      '{name}',
      'Account no. 40122871',
    ),
  ),
  mail(
    'en',
    'service',
    'Cancelling my broadband contract',
    lines(
      'Dear Sir or Madam,',
      '',
      'I am moving abroad at the end of next month and need to cancel my Brightline Fiber 500 contract. Please confirm the cancellation date and let me know how to return the router.',
      '',
      'I have attached my new tenancy agreement as proof of the move.',
      '',
      'Yours faithfully,',
      '{name}',
    ),
  ),
  mail(
    'en',
    'sales',
    'Question before buying the Nova 12 Pro',
    lines(
      'Hi there,',
      '',
      "I'm thinking about switching to the Nova 12 Pro. Two quick questions before I order: does it support an eSIM alongside a physical SIM, and is the 256 GB version in stock in blue? Also, do you offer trade-in for an older Nova 9?",
      '',
      'Cheers,',
      '{name}',
    ),
  ),
  mail(
    'en',
    'service',
    'Roaming charges on my invoice',
    lines(
      'Hello,',
      '',
      "My latest invoice includes several roaming charges for \"Zone 2\" on dates when I was definitely at home. I haven't travelled at all this year.",
      '',
      'Could you please look into this and correct the invoice?',
      '',
      'Best regards,',
      '{name}',
      'Account no. 40318865',
      'Phone +1 202 555 0148',
    ),
  ),
  mail(
    'en',
    'support',
    'Screen flickering on Vision 65',
    lines(
      'Hello,',
      '',
      "The Vision 65 I bought three months ago has started flickering whenever the brightness is above 50%. It happens on every input, including the built-in apps, so I don't think it's the cable.",
      '',
      "Is this covered by the warranty, and can someone collect it? It's far too big to post.",
      '',
      'Regards,',
      '{name}',
      'Order no. BL-184077',
    ),
  ),
  mail(
    'en',
    'marketing',
    'Thank you!',
    lines(
      'Hi team,',
      '',
      'Just wanted to say thanks to whoever handled my case last week. My phone was replaced within two days and the person on the chat was brilliant. Really refreshing compared to other providers.',
      '',
      'All the best,',
      '{name}',
    ),
  ),
  mail(
    'en',
    'sales',
    'Family plan for four SIMs?',
    lines(
      'Hello,',
      '',
      'We currently have four separate mobile contracts in our family, all with different providers. Do you have a family or multi-SIM plan where we share one data allowance? Ideally with unlimited data on two of the SIMs.',
      '',
      'What would that cost per month?',
      '',
      'Thanks in advance,',
      '{name}',
      'Phone +44 7700 900287',
    ),
  ),
  mail(
    'en',
    'marketing',
    'Collaboration request – tech review channel',
    lines(
      'Hello Brightline marketing team,',
      '',
      "I run a tech review channel with around 40k subscribers, focused on home networking. I'd love to review the new HomeBox 7 and would be happy to discuss a collaboration.",
      '',
      'Could you let me know who the right contact is?',
      '',
      'Best,',
      '{name}',
    ),
  ),
];

const CHAT_DE: DemoMessageTemplate[] = [
  msg('chat', 'message', 'de', 'service', 'Hallo, ich wollte fragen, wann meine Bestellung 4711-2415-0632 ankommt?'),
  msg(
    'chat',
    'message',
    'de',
    'support',
    'Hallo?? Mein Internet geht seit heute früh nicht, auf der Störungsseite steht aber, alles sei okay. Ich brauche das dringend für die Arbeit.',
    true,
  ),
  msg('chat', 'message', 'de', 'sales', 'Hi, gibt es das Nova 12 auch mit 512 GB? Und wenn ja, wann ist es wieder lieferbar?'),
  msg('chat', 'message', 'de', 'service', 'Guten Tag, ich finde im Kundenportal meine letzte Rechnung nicht. Wo kann ich die herunterladen?'),
  msg(
    'chat',
    'message',
    'de',
    'support',
    'Wie richte ich an der HomeBox ein Gäste-WLAN ein? In der Anleitung steht nur etwas von „Heimnetz“.',
  ),
  msg('chat', 'message', 'de', 'service', 'Ich möchte meinen Vertrag kündigen. Geht das auch hier im Chat oder muss ich einen Brief schicken?'),
  msg(
    'chat',
    'message',
    'de',
    'sales',
    'Kann ich beim Kauf eines neuen Fernsehers mein altes Gerät zurückgeben? Und liefern Sie auch in den 3. Stock?',
  ),
  msg('chat', 'message', 'de', 'support', 'Mein neues Handy zeigt „Keine SIM-Karte“ an, obwohl die SIM drin ist. Was mache ich falsch?'),
];

const CHAT_EN: DemoMessageTemplate[] = [
  msg('chat', 'message', 'en', 'service', "Hi, my order BL-211093 says delivered but there's nothing here. Can you help?"),
  msg('chat', 'message', 'en', 'support', "Hello, my Buds Pro won't pair with my laptop anymore. They work fine with my phone though."),
  msg('chat', 'message', 'en', 'sales', 'Hey! Is the weekend discount on the Vision 55 still valid today?'),
  msg('chat', 'message', 'en', 'service', 'Hi, I was charged twice for my last order. Can someone check please?'),
  msg(
    'chat',
    'message',
    'en',
    'support',
    "My phone got stuck on the Brightline logo after last night's update and won't start. I need it for work today, please help!",
    true,
  ),
  msg('chat', 'message', 'en', 'sales', "Can I upgrade my phone early? I'm 20 months into a 24-month plan."),
  msg('chat', 'message', 'en', 'service', "How do I return a phone I bought online? It's still sealed, I just changed my mind."),
];

const FACEBOOK_DE: DemoMessageTemplate[] = [
  msg('facebook', 'comment', 'de', 'service', 'Schöne Werbung, aber vielleicht erst mal die Hotline besetzen? 45 Minuten Warteschleife heute 😡'),
  msg('facebook', 'comment', 'de', 'marketing', 'Gilt das Gewinnspiel auch für Österreich und die Schweiz? 🙏'),
  msg(
    'facebook',
    'comment',
    'de',
    'support',
    'Bei uns in der Straße ist seit Samstag das Internet komplett weg und niemand meldet sich. Ist das eine bekannte Störung??',
    true,
  ),
  msg(
    'facebook',
    'message',
    'de',
    'service',
    'Hallo, ich habe vor zwei Wochen widerrufen und noch kein Rücksendeetikett bekommen. Können Sie mir das bitte schicken?',
  ),
  msg(
    'facebook',
    'message',
    'de',
    'sales',
    'Hallo! Ist Brightline Fiber bei mir verfügbar? Ich wohne in einem Neubaugebiet, die Glasfaserleitung liegt schon im Keller.',
  ),
  msg('facebook', 'comment', 'de', 'marketing', 'Endlich mal ein Anbieter, bei dem der Umzug reibungslos geklappt hat. Danke, Brightline! 👍'),
  msg('facebook', 'message', 'de', 'support', 'Guten Tag, meine HomeBox zeigt seit gestern eine rote Info-LED. Was bedeutet das?'),
];

const FACEBOOK_EN: DemoMessageTemplate[] = [
  msg(
    'facebook',
    'comment',
    'en',
    'service',
    "Nice ad. Shame your customer service doesn't answer emails. Three weeks and still waiting for a reply.",
  ),
  msg('facebook', 'comment', 'en', 'marketing', 'When does the giveaway end? Entered yesterday 🤞'),
  msg('facebook', 'message', 'en', 'service', 'Hi, I need a copy of my contract. Can you send it here or by email?'),
  msg('facebook', 'message', 'en', 'sales', 'Hello, does the Nova 12 Lite work with the Brightline Watch 2 you are advertising?'),
  msg(
    'facebook',
    'comment',
    'en',
    'support',
    'The whole neighbourhood has had no broadband since yesterday morning and your status page says everything is fine. Seriously??',
    true,
  ),
  msg('facebook', 'comment', 'en', 'marketing', 'Switched to Brightline last month and honestly the fibre has been rock solid. Well done 👏'),
];

const INSTAGRAM_DE: DemoMessageTemplate[] = [
  msg('instagram', 'comment', 'de', 'marketing', 'Wo kann man die Farbe Mint kaufen? Im Shop sehe ich nur Schwarz und Weiß 😍'),
  msg('instagram', 'comment', 'de', 'service', 'Schön fürs Foto, aber meine Bestellung ist seit 2 Wochen unterwegs 🙄'),
  msg(
    'instagram',
    'message',
    'de',
    'service',
    'Hi! Ich habe die Buds Pro über euren Insta-Shop bestellt, aber keine Bestellbestätigung bekommen. Ist das normal?',
  ),
  msg(
    'instagram',
    'message',
    'de',
    'marketing',
    'Hallo, ich bin Content Creatorin (Tech & Lifestyle, 25k Follower) und würde gern mit euch zusammenarbeiten. An wen kann ich mich wenden?',
  ),
  msg('instagram', 'comment', 'de', 'sales', 'Hält der Akku beim Nova 12 jetzt endlich länger als beim 11er?'),
  msg(
    'instagram',
    'message',
    'de',
    'support',
    'Hey, mein Handydisplay hat nach 3 Wochen einen Riss, ohne dass es runtergefallen ist. Ist das ein Garantiefall?',
  ),
  msg('instagram', 'comment', 'de', 'marketing', 'Bestes Handy, das ich je hatte 🔥 Die Kamera ist der Wahnsinn!'),
];

const INSTAGRAM_EN: DemoMessageTemplate[] = [
  msg('instagram', 'comment', 'en', 'marketing', 'Will the green one be available in my country too? 😍'),
  msg('instagram', 'comment', 'en', 'service', 'Love the post, but still no reply to my DM from last week 🙃'),
  msg('instagram', 'message', 'en', 'sales', 'Hey, do you have a student discount on the Nova 12?'),
  msg(
    'instagram',
    'message',
    'en',
    'service',
    'Hi, I ordered through the Instagram shop and got charged but never got a confirmation email. Order BL-213356?',
  ),
  msg(
    'instagram',
    'comment',
    'en',
    'support',
    'Mine does exactly this since the last update, the camera app crashes every time I switch to video 😤',
  ),
  msg('instagram', 'comment', 'en', 'marketing', 'Obsessed with these earbuds, best purchase this year 🎧✨'),
];

const WHATSAPP_DE: DemoMessageTemplate[] = [
  msg('whatsapp', 'message', 'de', 'service', 'Hallo, wann kommt mein Paket? Bestellnr. 4711-2398-7720'),
  msg('whatsapp', 'message', 'de', 'support', 'Internet geht schon wieder nicht!!! Das dritte Mal diese Woche', true),
  msg('whatsapp', 'message', 'de', 'service', 'Kann ich den Techniker-Termin morgen auf Donnerstag verschieben?'),
  msg('whatsapp', 'message', 'de', 'sales', 'Hi, habt ihr das Nova 12 Lite noch in Grün?'),
  msg('whatsapp', 'message', 'de', 'service', 'Danke, das Paket ist angekommen 👍'),
  msg('whatsapp', 'message', 'de', 'support', 'Wie setze ich die HomeBox auf Werkseinstellungen zurück?'),
  msg('whatsapp', 'message', 'de', 'service', 'Warum ist meine Rechnung diesen Monat 15 € höher?'),
  msg('whatsapp', 'message', 'de', 'service', 'Mein Handy wurde gestohlen, bitte sofort die SIM sperren!!', true),
];

const WHATSAPP_EN: DemoMessageTemplate[] = [
  msg('whatsapp', 'message', 'en', 'service', 'Hi, any update on my order BL-209984?'),
  msg('whatsapp', 'message', 'en', 'support', 'Router lights all orange, no internet. What do I do?'),
  msg('whatsapp', 'message', 'en', 'service', 'Can I move my delivery to Saturday?'),
  msg('whatsapp', 'message', 'en', 'sales', 'Is the Vision 65 in stock at the moment?'),
  msg('whatsapp', 'message', 'en', 'service', 'Lost my phone, please block my SIM asap', true),
  msg('whatsapp', 'message', 'en', 'marketing', 'Thanks for sorting it so quickly, great service 🙌'),
  msg('whatsapp', 'message', 'en', 'service', 'Just got my bill, why is there an activation fee? Nobody mentioned that'),
];

const X_DE: DemoMessageTemplate[] = [
  msg(
    'x',
    'mention',
    'de',
    'support',
    '@BrightlineHilfe Mein Internet ist seit 3 Tagen tot!! Hotline nicht erreichbar, Chat hängt. Ich zahle jeden Monat für NICHTS. #Störung',
    true,
  ),
  msg('x', 'mention', 'de', 'service', '@Brightline Seit einer Woche warte ich auf meine Lieferung, die Sendungsverfolgung sagt gar nichts. Was ist da los?'),
  msg('x', 'mention', 'de', 'sales', '@Brightline Kommt das Nova 12 Pro auch in einer kompakteren Version? Das jetzige ist mir zu groß.'),
  msg('x', 'mention', 'de', 'marketing', '@Brightline Großes Lob an euren Support, Problem in 10 Minuten gelöst 👏'),
  msg('x', 'mention', 'de', 'support', '@BrightlineHilfe Gibt es gerade eine Störung im Mobilfunknetz? Seit Mittag kein LTE mehr, nur noch Edge.'),
  msg(
    'x',
    'mention',
    'de',
    'service',
    '@BrightlineHilfe Dritte Mahnung für eine Rechnung, die ich längst bezahlt habe. Bitte intern klären, statt mit Inkasso zu drohen.',
  ),
  msg('x', 'mention', 'de', 'service', '@Brightline Kündigung vor 6 Wochen geschickt, immer noch keine Bestätigung. Muss ich erst zum Anwalt?'),
  msg('x', 'mention', 'de', 'marketing', '@Brightline Wann startet eure Weihnachtsaktion? Ich warte mit dem TV-Kauf noch 😉'),
  msg('x', 'message', 'de', 'support', 'Hallo, hier wie gewünscht meine Kundennummer: 30551208. Es geht um die Störung von gestern Abend.'),
];

const X_EN: DemoMessageTemplate[] = [
  msg(
    'x',
    'mention',
    'en',
    'service',
    "@Brightline Still no refund after 5 weeks and 6 emails. If this isn't sorted by Friday I'll go to the press. #BrightlineFail",
    true,
  ),
  msg('x', 'mention', 'en', 'support', '@Brightline is there an outage? Fibre down since 7am and your status page says all good.'),
  msg('x', 'mention', 'en', 'sales', "@Brightline does the Nova 12 support wireless charging? Can't find it in the specs"),
  msg(
    'x',
    'mention',
    'en',
    'marketing',
    "@Brightline shoutout to your chat team, fixed my router in 5 mins. Didn't think I'd ever tweet something nice about a telco 😂",
  ),
  msg('x', 'mention', 'en', 'support', "@Brightline your app keeps logging me out and I can't see my bill. Anyone else?"),
  msg(
    'x',
    'mention',
    'en',
    'service',
    '@Brightline Parcel marked delivered, never arrived. Courier says talk to you, you say talk to the courier. Who do I talk to?',
  ),
  msg(
    'x',
    'mention',
    'en',
    'support',
    '@Brightline 4 days without internet, working from home, and nobody calls back. This is unacceptable.',
    true,
  ),
  msg('x', 'message', 'en', 'service', "Hi, as requested here's my order number: BL-206612. Thanks for looking into it."),
];

/** 95 inbound customer messages across all six channels and both languages. */
export const DEMO_INBOUND: readonly DemoMessageTemplate[] = [
  ...EMAIL_DE,
  ...EMAIL_EN,
  ...CHAT_DE,
  ...CHAT_EN,
  ...FACEBOOK_DE,
  ...FACEBOOK_EN,
  ...INSTAGRAM_DE,
  ...INSTAGRAM_EN,
  ...WHATSAPP_DE,
  ...WHATSAPP_EN,
  ...X_DE,
  ...X_EN,
];

// ---------------------------------------------------------------------------------------
// Agent replies for seeded history (placeholder: {name})
// ---------------------------------------------------------------------------------------

export const DEMO_AGENT_REPLIES: Record<DemoLanguage, readonly string[]> = {
  de: [
    'Hallo {name}, danke für Ihre Nachricht! Ich schaue mir das gleich an und melde mich in Kürze bei Ihnen.',
    'Hallo {name}, das tut mir leid. Damit ich Ihre Bestellung prüfen kann: Könnten Sie mir bitte die Bestellnummer nennen?',
    'Hallo {name}, ich habe nachgesehen: Ihr Paket ist beim Versanddienstleister und wird voraussichtlich morgen zugestellt. Den Link zur Sendungsverfolgung schicke ich Ihnen per E-Mail.',
    'Hallo {name}, die Erstattung wurde heute angewiesen. Je nach Bank ist der Betrag in 3–5 Werktagen auf Ihrem Konto.',
    'Hallo {name}, es tut mir sehr leid, dass Ihr Anschluss nicht funktioniert. Ich habe eine Störungsmeldung mit hoher Priorität angelegt; ein Techniker meldet sich innerhalb von 24 Stunden bei Ihnen.',
    'Hallo {name}, Ihre Kündigung ist bei uns eingegangen. Die Bestätigung mit dem Vertragsende erhalten Sie in den nächsten Tagen per E-Mail.',
    'Hallo {name}, vielen Dank für das tolle Feedback! Ich gebe Ihr Lob sehr gern an das Team weiter.',
    'Hallo {name}, bitte trennen Sie die HomeBox einmal für 30 Sekunden vom Strom und starten Sie sie dann neu. Melden Sie sich gern wieder, falls das Problem danach weiter besteht.',
    'Hallo {name}, ich habe Ihre Rechnung geprüft: Die doppelte Abbuchung war ein Fehler unsererseits. Der Betrag wird Ihnen mit der nächsten Rechnung gutgeschrieben.',
    'Hallo {name}, gute Frage! Das Gerät ist aktuell auf Lager und wird innerhalb von 1–2 Werktagen versendet. Soll ich Ihnen den Link zur Bestellung schicken?',
    'Hallo {name}, damit wir Ihnen weiterhelfen können, schicken Sie uns bitte eine Direktnachricht mit Ihrer Kundennummer. Aus Datenschutzgründen können wir Vertragsdetails nicht öffentlich besprechen.',
    'Hallo {name}, ich habe Ihre SIM-Karte sofort gesperrt. Eine Ersatzkarte ist unterwegs und sollte in 2 Werktagen bei Ihnen sein.',
  ],
  en: [
    "Hi {name}, thanks for getting in touch! I'm looking into this now and will get back to you shortly.",
    "Hi {name}, I'm sorry to hear that. Could you send me your order number so I can check what's happened?",
    "Hi {name}, I've checked with the courier: your parcel is on its way and should arrive tomorrow. I've emailed you the tracking link.",
    "Hi {name}, your refund was issued today. Depending on your bank it should reach your account within 3–5 working days.",
    "Hi {name}, I'm really sorry your connection is down. I've raised a high-priority fault ticket and an engineer will contact you within 24 hours.",
    "Hi {name}, we've received your cancellation. You'll get a confirmation with your contract end date by email in the next few days.",
    "Hi {name}, thank you so much for the kind words! I'll pass them on to the team.",
    "Hi {name}, please unplug your HomeBox for 30 seconds and then switch it back on. Let me know if the problem continues after that.",
    "Hi {name}, I've reviewed your invoice and the extra charge was our mistake. It will be credited on your next bill.",
    "Hi {name}, good question! That model is in stock right now and ships within 1–2 working days. Shall I send you a link to order?",
    "Hi {name}, to help you further please send us a direct message with your account number. For privacy reasons we can't discuss account details publicly.",
    "Hi {name}, I've blocked your SIM straight away. A replacement card is on its way and should reach you within 2 working days.",
  ],
};

// ---------------------------------------------------------------------------------------
// Staff accounts
// ---------------------------------------------------------------------------------------

/**
 * Password shared by every demo account below. Used only when the hub runs in demo mode
 * (seeded workspace, shown on the login screen); it is never used for real accounts.
 */
export const DEMO_PASSWORD = 'switchboard-demo';

export const DEMO_STAFF: readonly DemoStaffMember[] = [
  {
    key: 'admin',
    name: 'Sandra Köhler',
    email: 'admin@switchboard.demo',
    role: 'admin',
    departments: ['sales', 'marketing', 'service', 'support'],
  },
  {
    key: 'lead',
    name: 'Martin Vogel',
    email: 'lead@switchboard.demo',
    role: 'lead',
    departments: ['sales', 'marketing', 'service', 'support'],
  },
  { key: 'anna', name: 'Anna Schmidt', email: 'anna@switchboard.demo', role: 'agent', departments: ['sales', 'service'] },
  { key: 'ben', name: 'Ben Mitchell', email: 'ben@switchboard.demo', role: 'agent', departments: ['service', 'support'] },
  { key: 'chiara', name: 'Chiara Neumann', email: 'chiara@switchboard.demo', role: 'agent', departments: ['marketing', 'sales'] },
  { key: 'deniz', name: 'Deniz Aydın', email: 'deniz@switchboard.demo', role: 'agent', departments: ['support'] },
  {
    key: 'emil',
    name: 'Emil Hartmann',
    email: 'emil@switchboard.demo',
    role: 'agent',
    departments: ['service', 'marketing', 'support'],
  },
];

// ---------------------------------------------------------------------------------------
// Templating
// ---------------------------------------------------------------------------------------

/**
 * Replaces `{key}` placeholders with `vars[key]`. Placeholders without a matching
 * variable are left as they are, so a missing value is visible rather than silently empty.
 */
export function fillTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (match, key: string) => (Object.hasOwn(vars, key) ? (vars[key] ?? match) : match));
}
