import type { en } from './en.js';

/** The shape every locale must have: the English tree with every text widened to `string`. */
export type LocaleTexts = Texts<typeof en>;

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };
