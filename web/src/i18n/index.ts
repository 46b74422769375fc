import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage, setNetworkErrorMessage } from '../api/client';
import { pickLanguage, type Language } from './languages';

export { LANGUAGES, isLanguage, languageLabel, pickLanguage, type Language } from './languages';

const STORAGE_KEY = 'conversa.language';

/** Each language is its own chunk: only the one in use is downloaded. */
const loaders: Record<Language, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => import('./en.json'),
  es: () => import('./es.json'),
  'pt-BR': () => import('./pt-BR.json'),
};

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The language for an anonymous visitor: their last choice on this browser, else the browser's languages. */
export function initialLanguage(): Language {
  const browser = typeof navigator === 'undefined' ? undefined : (navigator.languages ?? [navigator.language]).join(',');
  return pickLanguage(storedLanguage(), browser);
}

async function load(language: Language) {
  if (i18next.hasResourceBundle(language, 'translation')) return;
  const resources = await loaders[language]();
  i18next.addResourceBundle(language, 'translation', resources.default, true, true);
}

function applied(language: Language) {
  setApiLanguage(language);
  document.documentElement.lang = language;
}

/** Loads the first language and starts i18next; render the app after it resolves. */
export async function setupI18n(language: Language = initialLanguage()) {
  if (i18next.isInitialized) {
    await changeLanguage(language, { remember: false });
    return i18next;
  }
  const bundle = (await loaders[language]()).default;
  await i18next.use(initReactI18next).init({
    lng: language,
    resources: { [language]: { translation: bundle } },
    // The other languages are added when picked (`changeLanguage`).
    partialBundledLanguages: true,
    fallbackLng: false,
    supportedLngs: ['en', 'es', 'pt-BR'],
    interpolation: { escapeValue: false },
    returnNull: false,
    react: { useSuspense: false },
    showSupportNotice: false,
  });
  setNetworkErrorMessage(() => i18next.t('errors.network'));
  applied(language);
  return i18next;
}

/**
 * Switches the UI language (downloads it first). `remember` keeps it on this browser for the anonymous screens.
 * For a signed-in user, also save it on the server: see `useChangeLanguage` in app/session.
 */
export async function changeLanguage(language: Language, { remember = true } = {}) {
  await load(language);
  await i18next.changeLanguage(language);
  applied(language);
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      /* private mode: the choice lasts for this page */
    }
  }
}

export function currentLanguage(): Language {
  return pickLanguage(i18next.language);
}

export default i18next;
