/** Every text the widget shows, per language; picked from the visitor's browser language. */
const strings = {
  en: {
    open: 'Open chat',
    close: 'Close chat',
    title: 'Chat with us',
    placeholder: 'Write a message…',
    send: 'Send',
    attach: 'Attach a file',
    unread: '{n} unread messages',
    deleted: 'This message was deleted.',
    preChatIntro: 'Tell us who you are before we start.',
    name: 'Your name',
    email: 'Your email',
    start: 'Start chat',
    sendFailed: 'Not sent. Check your connection and try again.',
    retry: 'Retry',
    you: 'You',
    log: 'Conversation',
  },
  es: {
    open: 'Abrir el chat',
    close: 'Cerrar el chat',
    title: 'Chatea con nosotros',
    placeholder: 'Escribe un mensaje…',
    send: 'Enviar',
    attach: 'Adjuntar un archivo',
    unread: '{n} mensajes sin leer',
    deleted: 'Este mensaje fue eliminado.',
    preChatIntro: 'Cuéntanos quién eres antes de empezar.',
    name: 'Tu nombre',
    email: 'Tu correo',
    start: 'Empezar el chat',
    sendFailed: 'No enviado. Revisa tu conexión e inténtalo de nuevo.',
    retry: 'Reintentar',
    you: 'Tú',
    log: 'Conversación',
  },
  pt: {
    open: 'Abrir o chat',
    close: 'Fechar o chat',
    title: 'Fale com a gente',
    placeholder: 'Escreva uma mensagem…',
    send: 'Enviar',
    attach: 'Anexar um arquivo',
    unread: '{n} mensagens não lidas',
    deleted: 'Esta mensagem foi apagada.',
    preChatIntro: 'Conte quem você é antes de começarmos.',
    name: 'Seu nome',
    email: 'Seu e-mail',
    start: 'Começar o chat',
    sendFailed: 'Não enviada. Verifique sua conexão e tente novamente.',
    retry: 'Tentar de novo',
    you: 'Você',
    log: 'Conversa',
  },
};

export type Strings = (typeof strings)['en'];

export function pickStrings(languages: readonly string[]): Strings {
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (base === 'es' || base === 'pt' || base === 'en') return strings[base];
  }
  return strings.en;
}
