/**
 * IN-7: a timeline event as a sentence in the user's language, from its structured form
 * `{type, actor:{kind,id}, data}`. Pure (unit-tested per locale); names come from the caller.
 */
import type { TFunction } from 'i18next';
import type { TimelineEvent } from '../../api';

export type Names = {
  user: (id: string) => string | undefined;
  team: (id: string) => string | undefined;
  /** The date and time in the user's language and the workspace zone. */
  dateTime: (iso: string) => string;
};

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

export function actorName(t: TFunction, event: Pick<TimelineEvent, 'actor'>, names: Names): string {
  switch (event.actor.kind) {
    case 'user':
      return (event.actor.id && names.user(event.actor.id)) || t('events.actor.formerUser');
    case 'api':
      return t('events.actor.api');
    case 'contact':
      return t('events.actor.contact');
    default:
      return t('events.actor.system');
  }
}

/** The event's line, and a second line for details (a closing summary). */
export function eventLine(t: TFunction, event: TimelineEvent, names: Names): { text: string; detail?: string } {
  const actor = actorName(t, event, names);
  const d = event.data ?? {};
  const userName = (id: string | null) => (id ? (names.user(id) ?? t('events.actor.formerUser')) : null);
  const teamName = (id: string | null) => (id ? (names.team(id) ?? t('events.unknownTeam')) : null);
  switch (event.type) {
    case 'opened':
      return { text: event.actor.kind === 'contact' ? t('events.openedByContact') : t('events.opened', { actor }) };
    case 'assigned': {
      const assignee = userName(str(d.assigneeId));
      const team = teamName(str(d.teamId));
      if (assignee && event.actor.kind === 'user' && event.actor.id === str(d.assigneeId)) return { text: t('events.assignedSelf', { actor }) };
      if (assignee && team) return { text: t('events.assignedUserTeam', { actor, assignee, team }) };
      if (assignee) return { text: t('events.assignedUser', { actor, assignee }) };
      return { text: t('events.assignedTeam', { actor, team: team ?? '' }) };
    }
    case 'unassigned':
      return { text: t('events.unassigned', { actor }) };
    case 'closed': {
      const category = str(d.categoryName);
      const summary = str(d.summary) ?? undefined;
      return { text: category ? t('events.closedWithCategory', { actor, category }) : t('events.closed', { actor }), detail: summary };
    }
    case 'snoozed':
      return { text: t('events.snoozed', { actor, until: str(d.until) ? names.dateTime(str(d.until)!) : '' }) };
    case 'unsnoozed': {
      const reason = str(d.reason);
      if (reason === 'timer') return { text: t('events.unsnoozedTimer') };
      if (reason === 'inbound_message') return { text: t('events.unsnoozedInbound') };
      if (reason === 'reply') return { text: t('events.unsnoozedReply', { actor }) };
      return { text: t('events.unsnoozed', { actor }) };
    }
    case 'message_deleted': {
      const forContact = str(d.forContact);
      const detail =
        forContact === 'requested'
          ? t('events.deletedForContact')
          : forContact === 'too_old'
            ? t('events.deletedTooOld')
            : t('events.deletedUnsupported');
      return { text: t('events.messageDeleted', { actor }), detail };
    }
    case 'no_reply_needed':
      return { text: t('events.noReplyNeeded', { actor }) };
    case 'contact_channel_added':
      return { text: t('events.channelAdded', { actor, channel: str(d.channelName) ?? '', address: str(d.externalId) ?? '' }) };
    case 'contact_channel_removed':
      return { text: t('events.channelRemoved', { actor, channel: str(d.channelName) ?? '' }) };
    case 'page_change':
      return { text: t('events.pageChange', { url: str(d.url) ?? '' }), detail: str(d.title) ?? undefined };
    default:
      return { text: t('events.other', { actor, type: event.type }) };
  }
}
