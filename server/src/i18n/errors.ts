import type { Locale } from './locale.js';

type Messages = Record<Locale, string>;

/** Human messages for every machine error code the API returns (P4), in each UI language. */
export const errorMessages = {
  validation_failed: {
    en: 'Some fields are invalid.',
    es: 'Algunos campos no son válidos.',
    'pt-BR': 'Alguns campos são inválidos.',
  },
  invalid_json: {
    en: 'The request body is not valid JSON.',
    es: 'El cuerpo de la solicitud no es un JSON válido.',
    'pt-BR': 'O corpo da requisição não é um JSON válido.',
  },
  unsupported_media_type: {
    en: 'Send the request body as application/json.',
    es: 'Envía el cuerpo de la solicitud como application/json.',
    'pt-BR': 'Envie o corpo da requisição como application/json.',
  },
  unauthenticated: {
    en: 'Sign in or send a valid API token.',
    es: 'Inicia sesión o envía un token de API válido.',
    'pt-BR': 'Entre ou envie um token de API válido.',
  },
  forbidden: {
    en: 'Your role does not allow this action.',
    es: 'Tu rol no permite esta acción.',
    'pt-BR': 'Sua função não permite esta ação.',
  },
  not_found: {
    en: 'Not found.',
    es: 'No encontrado.',
    'pt-BR': 'Não encontrado.',
  },
  rate_limited: {
    en: 'Too many requests. Try again in a moment.',
    es: 'Demasiadas solicitudes. Inténtalo de nuevo en un momento.',
    'pt-BR': 'Muitas requisições. Tente novamente em instantes.',
  },
  too_many_login_attempts: {
    en: 'Too many failed sign-in attempts. Try again later.',
    es: 'Demasiados intentos de inicio de sesión fallidos. Inténtalo más tarde.',
    'pt-BR': 'Muitas tentativas de login sem sucesso. Tente novamente mais tarde.',
  },
  invalid_credentials: {
    en: 'Email or password is incorrect.',
    es: 'El correo o la contraseña no son correctos.',
    'pt-BR': 'E-mail ou senha incorretos.',
  },
  email_taken: {
    en: 'This email already has an account.',
    es: 'Este correo ya tiene una cuenta.',
    'pt-BR': 'Este e-mail já possui uma conta.',
  },
  invitation_invalid: {
    en: 'This invitation is invalid, expired or already used.',
    es: 'Esta invitación no es válida, expiró o ya fue usada.',
    'pt-BR': 'Este convite é inválido, expirou ou já foi usado.',
  },
  name_taken: {
    en: 'That name is already in use.',
    es: 'Ese nombre ya está en uso.',
    'pt-BR': 'Esse nome já está em uso.',
  },
  last_owner: {
    en: 'A workspace needs at least one Owner. Make someone else Owner first.',
    es: 'Un espacio de trabajo necesita al menos un Propietario. Haz Propietario a otra persona primero.',
    'pt-BR': 'Um espaço de trabalho precisa de pelo menos um Proprietário. Promova outra pessoa a Proprietário primeiro.',
  },
  cannot_delete_self: {
    en: 'You cannot remove yourself from the workspace.',
    es: 'No puedes eliminarte a ti mismo del espacio de trabajo.',
    'pt-BR': 'Você não pode remover a si mesmo do espaço de trabalho.',
  },
  idempotency_key_reused: {
    en: 'This Idempotency-Key was already used with a different request.',
    es: 'Esta Idempotency-Key ya se usó con otra solicitud.',
    'pt-BR': 'Esta Idempotency-Key já foi usada com outra requisição.',
  },
  invalid_signature: {
    en: 'The webhook signature is missing or does not match.',
    es: 'La firma del webhook falta o no coincide.',
    'pt-BR': 'A assinatura do webhook está ausente ou não confere.',
  },
  stale_request: {
    en: 'The webhook timestamp is too old or in the future.',
    es: 'La marca de tiempo del webhook es demasiado antigua o futura.',
    'pt-BR': 'O horário do webhook é antigo demais ou está no futuro.',
  },
  invalid_payload: {
    en: 'The webhook payload does not have the expected shape.',
    es: 'El contenido del webhook no tiene la forma esperada.',
    'pt-BR': 'O conteúdo do webhook não tem o formato esperado.',
  },
  invalid_phone: {
    en: 'The phone number is not valid. Use the international format, e.g. +5511987654321.',
    es: 'El número de teléfono no es válido. Usa el formato internacional, p. ej. +5215512345678.',
    'pt-BR': 'O número de telefone é inválido. Use o formato internacional, ex.: +5511987654321.',
  },
  invalid_custom_field: {
    en: 'A custom field value is invalid.',
    es: 'El valor de un campo personalizado no es válido.',
    'pt-BR': 'O valor de um campo personalizado é inválido.',
  },
  unknown_custom_field: {
    en: 'There is no custom field with that key.',
    es: 'No existe un campo personalizado con esa clave.',
    'pt-BR': 'Não existe um campo personalizado com essa chave.',
  },
  no_channel: {
    en: 'This contact has no channel to send on.',
    es: 'Este contacto no tiene un canal para enviar mensajes.',
    'pt-BR': 'Este contato não tem um canal para envio.',
  },
  channel_removed: {
    en: 'This channel was removed or disconnected.',
    es: 'Este canal fue eliminado o desconectado.',
    'pt-BR': 'Este canal foi removido ou desconectado.',
  },
  channel_not_startable: {
    en: 'Only the contact can start a conversation on this channel: they have to write first.',
    es: 'Solo el contacto puede iniciar una conversación en este canal: tiene que escribir primero.',
    'pt-BR': 'Só o contato pode iniciar uma conversa neste canal: ele precisa escrever primeiro.',
  },
  contact_address_missing: {
    en: 'To write first on this channel, the contact needs a valid phone number or email for it. Add it to the contact.',
    es: 'Para escribir primero en este canal, el contacto necesita un teléfono o correo válido para él. Agrégalo al contacto.',
    'pt-BR': 'Para escrever primeiro neste canal, o contato precisa de um telefone ou e-mail válido para ele. Adicione-o ao contato.',
  },
  channel_address_in_use: {
    en: 'Another contact already has this phone number or email on this channel. Merge the two contacts, or write to the other one.',
    es: 'Otro contacto ya tiene este teléfono o correo en este canal. Combina los dos contactos o escribe al otro.',
    'pt-BR': 'Outro contato já tem este telefone ou e-mail neste canal. Mescle os dois contatos ou escreva para o outro.',
  },
  contact_blocked: {
    en: 'This contact is blocked.',
    es: 'Este contacto está bloqueado.',
    'pt-BR': 'Este contato está bloqueado.',
  },
  not_deletable: {
    en: 'Only outbound messages sent from the platform can be deleted.',
    es: 'Solo se pueden eliminar mensajes salientes enviados desde la plataforma.',
    'pt-BR': 'Só é possível excluir mensagens enviadas pela plataforma.',
  },
  already_deleted: {
    en: 'This message was already deleted.',
    es: 'Este mensaje ya fue eliminado.',
    'pt-BR': 'Esta mensagem já foi excluída.',
  },
  invalid_state: {
    en: 'The conversation is not in a state that allows this.',
    es: 'La conversación no está en un estado que lo permita.',
    'pt-BR': 'A conversa não está em um estado que permita isso.',
  },
  invalid_assignee: {
    en: 'That user or team cannot be assigned this contact.',
    es: 'Ese usuario o equipo no puede recibir este contacto.',
    'pt-BR': 'Esse usuário ou equipe não pode receber este contato.',
  },
  invalid_cursor: {
    en: 'The pagination cursor is invalid.',
    es: 'El cursor de paginación no es válido.',
    'pt-BR': 'O cursor de paginação é inválido.',
  },
  channel_credentials_invalid: {
    en: 'The provider refused these credentials. Check the token and ids, then try again.',
    es: 'El proveedor rechazó estas credenciales. Revisa el token y los identificadores e inténtalo de nuevo.',
    'pt-BR': 'O provedor recusou estas credenciais. Verifique o token e os identificadores e tente novamente.',
  },
  provider_unreachable: {
    en: 'The channel provider could not be reached. Try again in a moment.',
    es: 'No se pudo contactar al proveedor del canal. Inténtalo de nuevo en un momento.',
    'pt-BR': 'Não foi possível contatar o provedor do canal. Tente novamente em instantes.',
  },
  verification_failed: {
    en: 'The verify token does not match this channel.',
    es: 'El token de verificación no coincide con este canal.',
    'pt-BR': 'O token de verificação não corresponde a este canal.',
  },
  window_closed: {
    en: 'The reply window on this channel has closed: the contact has not written recently. Where the channel has templates, send an approved one.',
    es: 'La ventana de respuesta de este canal se cerró: el contacto no escribió hace poco. Si el canal tiene plantillas, envía una aprobada.',
    'pt-BR': 'A janela de resposta deste canal fechou: o contato não escreveu recentemente. Se o canal tiver modelos, envie um aprovado.',
  },
  template_not_approved: {
    en: 'This template is not an approved template of the channel. Sync the templates and pick an approved one.',
    es: 'Esta plantilla no es una plantilla aprobada del canal. Sincroniza las plantillas y elige una aprobada.',
    'pt-BR': 'Este modelo não é um modelo aprovado do canal. Sincronize os modelos e escolha um aprovado.',
  },
  not_supported: {
    en: 'This channel does not support that.',
    es: 'Este canal no admite esa acción.',
    'pt-BR': 'Este canal não oferece suporte a isso.',
  },
  origin_not_allowed: {
    en: 'This website is not allowed to use this chat.',
    es: 'Este sitio web no tiene permiso para usar este chat.',
    'pt-BR': 'Este site não tem permissão para usar este chat.',
  },
  session_invalid: {
    en: 'Your chat session is invalid or expired. Reload the page to start again.',
    es: 'Tu sesión de chat no es válida o expiró. Recarga la página para empezar de nuevo.',
    'pt-BR': 'Sua sessão de chat é inválida ou expirou. Recarregue a página para começar de novo.',
  },
  identity_invalid: {
    en: 'The visitor identity could not be verified (identifierHash does not match).',
    es: 'No se pudo verificar la identidad del visitante (identifierHash no coincide).',
    'pt-BR': 'Não foi possível verificar a identidade do visitante (identifierHash não confere).',
  },
  identity_required: {
    en: 'This chat is only for signed-in visitors.',
    es: 'Este chat es solo para visitantes que iniciaron sesión.',
    'pt-BR': 'Este chat é só para visitantes que entraram na conta.',
  },
  file_too_large: {
    en: 'The file is too large.',
    es: 'El archivo es demasiado grande.',
    'pt-BR': 'O arquivo é grande demais.',
  },
  file_type_not_allowed: {
    en: 'This type of file cannot be sent.',
    es: 'Este tipo de archivo no se puede enviar.',
    'pt-BR': 'Este tipo de arquivo não pode ser enviado.',
  },
  files_not_supported: {
    en: 'This channel cannot send files of this type.',
    es: 'Este canal no puede enviar archivos de este tipo.',
    'pt-BR': 'Este canal não pode enviar arquivos deste tipo.',
  },
  removal_code_invalid: {
    en: 'The code is wrong or has expired. Check the email we sent you, or ask for a new code.',
    es: 'El código es incorrecto o venció. Revisa el correo que te enviamos o pide un código nuevo.',
    'pt-BR': 'O código está errado ou expirou. Confira o e-mail que enviamos ou peça um novo código.',
  },
  mailer_not_configured: {
    en: 'This server cannot send email (SMTP_URL is not set), so the confirmation code cannot be sent.',
    es: 'Este servidor no puede enviar correos (falta SMTP_URL), así que no se puede enviar el código de confirmación.',
    'pt-BR': 'Este servidor não consegue enviar e-mails (SMTP_URL não definido), então o código de confirmação não pode ser enviado.',
  },
  mail_not_sent: {
    en: 'The email with your code could not be sent. Try again in a moment.',
    es: 'No se pudo enviar el correo con tu código. Inténtalo de nuevo en un momento.',
    'pt-BR': 'Não foi possível enviar o e-mail com seu código. Tente novamente em instantes.',
  },
  internal_error: {
    en: 'Something went wrong on our side. Try again.',
    es: 'Algo salió mal de nuestro lado. Inténtalo de nuevo.',
    'pt-BR': 'Algo deu errado do nosso lado. Tente novamente.',
  },
} satisfies Record<string, Messages>;

export type ErrorCode = keyof typeof errorMessages;
