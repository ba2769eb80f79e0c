// Every module of the bundle has been evaluated when this line runs (the bench reads the mark to
// split a cold start into loading the code and the first render).
performance.mark('app:entry');
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import './i18n/index.js';
import { setupTheme } from './theme/theme.js';
import './app/styles.css';

setupTheme();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
