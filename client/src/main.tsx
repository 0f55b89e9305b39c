import { ApolloProvider } from '@apollo/client/react';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from './app/AppRoutes';
import { createApolloClient } from './lib/apollo';
import { markSessionEnded } from './lib/session';
import { useReducedMotion } from './lib/media';
import './styles.css';

const client = createApolloClient('/graphql', markSessionEnded);

/** Chinese locale everywhere; no animations for a user who asked the system for reduced motion. */
function Config({ children }: { children: ReactNode }) {
  const reducedMotion = useReducedMotion();
  return (
    <ConfigProvider
      locale={zhCN}
      button={{ autoInsertSpace: false }}
      theme={{ token: { motion: !reducedMotion } }}
    >
      {children}
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Config>
      <ApolloProvider client={client}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </ApolloProvider>
    </Config>
  </StrictMode>,
);
