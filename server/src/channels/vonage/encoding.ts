/**
 * The GSM 03.38 default alphabet and its extension table (^ { } \ [ ~ ] | € and form feed): a text made only of
 * these goes as a plain SMS. Anything else (ã, ç, í, emoji…) must be sent as `unicode`, or Vonage garbles it.
 */
const GSM_7 = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà' +
    '^{}\\[~]|€\f',
);

export const isGsm7 = (text: string): boolean => [...text].every((char) => GSM_7.has(char));
