import { useTranslation } from 'react-i18next';

/**
 * A compact emoji grid (lazy-loaded with the composer's emoji button). Built in rather than a picker library:
 * no emoji data download from a CDN at run time, and a few hundred bytes instead of a data set.
 */
const EMOJI = (
  '😀 😃 😄 😁 😆 😅 😂 🤣 😊 😇 🙂 😉 😍 🥰 😘 😋 😜 🤗 🤔 🤩 😎 🥳 😏 😌 😴 😮 😢 😭 😤 😡 🙄 😬 ' +
  '👍 👎 👌 ✌️ 🤞 👏 🙌 🙏 💪 👋 🤝 ✋ 👀 💯 ✅ ❌ ⚠️ ❓ ❗ ⭐ 🔥 ✨ 🎉 🎁 ❤️ 🧡 💛 💚 💙 💜 🖤 💔 ' +
  '☀️ 🌙 🌈 ☕ 🍕 🎂 🛒 🛍️ 📦 🚚 ✈️ 🏠 💰 💳 🧾 📅 ⏰ 📞 📱 💻 📧 📎 📝 📌 🔗 🔒 🇧🇷 🇲🇽 🇦🇷 🇨🇴 🇨🇱 🇵🇪 🇪🇸'
).split(' ');

export default function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="emoji-grid" role="group" aria-label={t('composer.emojiPicker')}>
      {EMOJI.map((emoji) => (
        <button key={emoji} type="button" className="emoji-grid__item" onClick={() => onPick(emoji)} aria-label={emoji}>
          {emoji}
        </button>
      ))}
    </div>
  );
}
