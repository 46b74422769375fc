import type { Locale } from './locale.js';

type Mail = { subject: string; text: string };

/** The one-time code that confirms removing a channel (CH-5), in the acting admin's language. */
export function channelRemovalCodeMail(locale: Locale, p: { channelName: string; workspaceName: string; code: string; minutes: number }): Mail {
  const texts: Record<Locale, Mail> = {
    en: {
      subject: `Your code to remove the channel "${p.channelName}"`,
      text:
        `Someone signed in as you asked to remove the channel "${p.channelName}" from the workspace "${p.workspaceName}" on Conversa.\n\n` +
        `Your code: ${p.code}\n\nIt is valid for ${p.minutes} minutes. Removing a channel cannot be undone. ` +
        'If you did not ask for this, ignore this email and change your password.',
    },
    es: {
      subject: `Tu código para eliminar el canal "${p.channelName}"`,
      text:
        `Alguien que inició sesión con tu cuenta pidió eliminar el canal "${p.channelName}" del espacio de trabajo "${p.workspaceName}" en Conversa.\n\n` +
        `Tu código: ${p.code}\n\nEs válido durante ${p.minutes} minutos. Eliminar un canal no se puede deshacer. ` +
        'Si no lo pediste, ignora este correo y cambia tu contraseña.',
    },
    'pt-BR': {
      subject: `Seu código para remover o canal "${p.channelName}"`,
      text:
        `Alguém conectado com a sua conta pediu para remover o canal "${p.channelName}" do espaço de trabalho "${p.workspaceName}" no Conversa.\n\n` +
        `Seu código: ${p.code}\n\nEle vale por ${p.minutes} minutos. A remoção de um canal não pode ser desfeita. ` +
        'Se você não pediu isso, ignore este e-mail e troque sua senha.',
    },
  };
  return texts[locale];
}
