/**
 * Seeded text for the bench dataset: short social/chat messages in German and English, and
 * realistic HTML emails of a requested size (newsletters-style markup, an order table, a quoted
 * earlier mail and a long signature — what a contact center's inbox really carries).
 */
import type { Random } from './stats.js';

const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Elif', 'Felix', 'Greta', 'Hannah', 'Ivan', 'Jonas', 'Katrin', 'Lukas', 'Mia', 'Noah', 'Olga', 'Paul', 'Rosa', 'Sven', 'Tara', 'Umut', 'Vera', 'Wim', 'Yara', 'Zoe', 'Emma', 'Liam', 'Sophie', 'Oliver', 'Amelia', 'Jack'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Schulz', 'Koch', 'Richter', 'Klein', 'Wolf', 'Neumann', 'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Yılmaz', 'Kaya', 'Nowak', 'Kowalski', 'Rossi'];

const SENTENCES_DE = [
  'Hallo, meine Bestellung ist immer noch nicht angekommen.',
  'Können Sie mir bitte sagen, wann das Paket geliefert wird?',
  'Die Rechnung enthält einen Fehler, der Betrag stimmt nicht.',
  'Ich möchte meinen Vertrag zum nächsten Monat kündigen.',
  'Vielen Dank für die schnelle Hilfe!',
  'Das Gerät startet seit dem letzten Update nicht mehr.',
  'Wie kann ich meine Adresse im Kundenkonto ändern?',
  'Ich habe zweimal bezahlt, bitte erstatten Sie einen Betrag.',
  'Gibt es das Modell auch in Schwarz?',
  'Der Kundendienst hat mich gestern nicht zurückgerufen.',
  'Meine Kundennummer steht unten in der Signatur.',
  'Bitte melden Sie sich so bald wie möglich.',
];
const SENTENCES_EN = [
  'Hi, my order still has not arrived.',
  'Could you tell me when the parcel will be delivered?',
  'The invoice is wrong, the amount does not match.',
  'I would like to cancel my subscription next month.',
  'Thanks a lot for the quick help!',
  'The device does not start since the last update.',
  'How do I change the address in my account?',
  'I was charged twice, please refund one payment.',
  'Is this model also available in black?',
  'Nobody called me back yesterday as promised.',
  'My customer number is in the signature below.',
  'Please get back to me as soon as possible.',
];
const REPLIES = [
  'Danke für Ihre Nachricht, wir kümmern uns sofort darum.',
  'Ich habe die Rückerstattung veranlasst, sie ist in 3–5 Werktagen auf Ihrem Konto.',
  'Thanks for reaching out — I have escalated this to our logistics team.',
  'Could you send us your order number so we can look into it?',
  'Das Paket wurde heute an den Versanddienstleister übergeben.',
  'I have updated your address; the next delivery goes there.',
];
const NOTES = ['Kunde ist VIP, bitte bevorzugt behandeln.', 'Checked with logistics: parcel is stuck in the hub.', 'Zweite Beschwerde diese Woche.', 'Refund approved by finance.'];
export const SUBJECTS = ['Bestellung 4711 fehlt', 'Invoice question', 'Kündigung meines Vertrags', 'Refund request', 'Lieferadresse ändern', 'Device not starting', 'Reklamation: defektes Gerät', 'Account locked'];

export function personName(rng: Random): { first: string; last: string } {
  return { first: rng.pick(FIRST), last: rng.pick(LAST) };
}

/** A short customer message (1–4 sentences) in German or English. */
export function customerText(rng: Random): string {
  const pool = rng.next() < 0.55 ? SENTENCES_DE : SENTENCES_EN;
  const n = rng.int(1, 4);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(rng.pick(pool));
  return parts.join(' ');
}

export const agentText = (rng: Random): string => rng.pick(REPLIES);
export const noteText = (rng: Random): string => rng.pick(NOTES);

const PRODUCTS = ['Wireless Headphones X2', 'Kaffeevollautomat Barista Pro', 'Smartwatch Series 5', 'USB-C Ladegerät 65W', 'Gaming Chair Comfort', 'Staubsauger-Roboter S8', 'E-Book Reader Paper', 'Bluetooth Lautsprecher Boom'];

/**
 * An HTML email of about `bytes` characters: inline styles, a greeting, paragraphs, an order
 * table, a quoted earlier mail and a legal footer, repeated sections until the size is reached.
 */
export function htmlEmail(rng: Random, bytes: number, subject: string, from: string): string {
  const parts: string[] = [
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>',
    subject,
    '</title><style>body{font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222}table.order{border-collapse:collapse;width:100%}',
    'table.order td,table.order th{border:1px solid #ccc;padding:4px 8px}blockquote{border-left:3px solid #999;margin:0;padding-left:12px;color:#555}',
    '.footer{font-size:11px;color:#888}</style></head><body><div class="mail">',
    `<p>Sehr geehrte Damen und Herren,</p><p>${customerText(rng)}</p>`,
  ];
  let size = parts.reduce((s, p) => s + p.length, 0);
  const push = (s: string) => {
    parts.push(s);
    size += s.length;
  };
  let section = 0;
  while (size < bytes - 400) {
    switch (section++ % 4) {
      case 0:
        push(`<p style="margin:0 0 12px 0;line-height:1.4">${customerText(rng)} ${customerText(rng)}</p>`);
        break;
      case 1: {
        push('<table class="order" cellpadding="0" cellspacing="0"><thead><tr><th>Pos.</th><th>Artikel</th><th>Menge</th><th>Preis</th></tr></thead><tbody>');
        const rows = rng.int(3, 8);
        for (let r = 0; r < rows; r++) {
          push(`<tr><td>${r + 1}</td><td>${rng.pick(PRODUCTS)}</td><td>${rng.int(1, 4)}</td><td style="text-align:right">${rng.int(5, 900)},${rng.int(10, 99)}&nbsp;€</td></tr>`);
        }
        push('</tbody></table>');
        break;
      }
      case 2:
        push(`<blockquote><p>Am ${rng.int(1, 28)}.${rng.int(1, 12)}.2025 schrieb Kundenservice &lt;service@example.com&gt;:</p><p>${agentText(rng)}</p><p>${customerText(rng)}</p></blockquote>`);
        break;
      default:
        push(`<div class="footer"><p>${from} · Kundennummer ${rng.int(100000, 999999)}</p><p>Diese E-Mail kann vertrauliche Informationen enthalten. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte sofort den Absender und vernichten Sie diese E-Mail. This e-mail may contain confidential information.</p></div>`);
    }
  }
  push('<p>Mit freundlichen Grüßen</p></div></body></html>');
  return parts.join('');
}
