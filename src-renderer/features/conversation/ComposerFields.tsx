import { type Channel, type ReplyLength, type ReplyVisibility } from '../../../src-shared/index.js';
import { useT } from '../../i18n/index.js';
import type { CcCheck } from './reply-fields.js';

/** Subject, the fixed recipient and cc of an email reply. */
export function EmailFields({
  subject,
  onSubject,
  to,
  cc,
  onCc,
  ccCheck,
  answering,
  disabled,
}: {
  subject: string;
  onSubject: (s: string) => void;
  to: string;
  cc: string;
  onCc: (s: string) => void;
  ccCheck: CcCheck;
  /** What the reply answers, as text ("Answers the mail of …"). */
  answering: string;
  disabled: boolean;
}) {
  const t = useT();
  return (
    <fieldset className="composer-email" disabled={disabled}>
      <label>
        <span>{t('conversationCompose.to')}</span>
        <input type="text" aria-label={t('conversationCompose.to')} value={to} readOnly />
      </label>
      <label>
        <span>{t('conversationCompose.cc')}</span>
        <input
          type="text"
          aria-label={t('conversationCompose.cc')}
          placeholder={t('conversationCompose.ccPlaceholder')}
          value={cc}
          aria-invalid={ccCheck.kind !== 'ok'}
          onChange={(e) => onCc(e.target.value)}
        />
      </label>
      {ccCheck.kind === 'invalid' && (
        <p className="error" role="alert" data-testid="cc-error">
          {t('conversationCompose.ccInvalid', { list: ccCheck.invalid.join(', ') })}
        </p>
      )}
      {ccCheck.kind === 'too-many' && (
        <p className="error" role="alert" data-testid="cc-error">
          {t('conversationCompose.ccTooMany', { max: ccCheck.max })}
        </p>
      )}
      <label>
        <span>{t('conversationCompose.subject')}</span>
        <input type="text" aria-label={t('conversationCompose.subject')} value={subject} maxLength={998} onChange={(e) => onSubject(e.target.value)} />
      </label>
      <p className="muted composer-answering" data-testid="composer-answering">{answering}</p>
    </fieldset>
  );
}

/** Public reply or private message, on public comment and mention threads; says plainly which one. */
export function VisibilityChoice({ value, onChange }: { value: ReplyVisibility; onChange: (v: ReplyVisibility) => void }) {
  const t = useT();
  return (
    <div className={`composer-visibility visibility-${value}`}>
      <div role="radiogroup" aria-label={t('conversationCompose.visibility')}>
        <label>
          <input type="radio" name="visibility" checked={value === 'public'} onChange={() => onChange('public')} /> {t('conversationCompose.public')}
        </label>
        <label>
          <input type="radio" name="visibility" checked={value === 'private'} onChange={() => onChange('private')} /> {t('conversationCompose.private')}
        </label>
      </div>
      <p className="visibility-hint" data-testid="visibility-hint" data-visibility={value}>
        {value === 'public' ? t('conversationCompose.publicHint') : t('conversationCompose.privateHint')}
      </p>
    </div>
  );
}

/** The live length counter; over the limit it says why sending is blocked. */
export function LengthCounter({ channel, length }: { channel: Channel; length: ReplyLength }) {
  const t = useT();
  return (
    <>
      <span className={`length-counter${length.over ? ' over' : ''}`} data-testid="length-counter" aria-label={t('conversationCompose.counterLabel')}>
        {t('conversationCompose.counter', { length: length.length, limit: length.limit })}
      </span>
      {length.over && (
        <p className="error" role="alert" data-testid="length-error">
          {channel === 'x'
            ? t('conversationCompose.overLimitX', { length: length.length, limit: length.limit })
            : t('conversationCompose.overLimit', { length: length.length, limit: length.limit })}
        </p>
      )}
    </>
  );
}
