import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import type { User } from '../../api';
import { safeNext } from '../../app/paths';
import { changeLanguage, isLanguage } from '../../i18n';

/** After login, signup or accepting an invitation: the user's own language, a fresh cache, then where they were going. */
export function useAfterSignIn() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return async (user: User) => {
    if (user.language && isLanguage(user.language)) await changeLanguage(user.language);
    queryClient.clear();
    navigate(safeNext(params.get('next')), { replace: true });
  };
}
