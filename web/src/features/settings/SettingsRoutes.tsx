import { Navigate, Route, Routes } from 'react-router';
import { SettingsIndex } from './SettingsIndex';
import { settingsSections } from './sections';
import { Toaster } from './ui';

/** /settings/* (Owner/Manager; lazy-loaded): the index and one route per section in `settingsSections`. */
export default function SettingsRoutes() {
  return (
    <>
      <Toaster />
      <Routes>
        <Route index element={<SettingsIndex />} />
        {settingsSections.map(({ path, Component }) => (
          <Route key={path} path={`${path}/*`} element={<Component />} />
        ))}
        <Route path="*" element={<Navigate to="/settings" replace />} />
      </Routes>
    </>
  );
}
