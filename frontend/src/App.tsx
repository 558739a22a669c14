import { BrowserRouter, Link, Route, Routes, useNavigate } from "react-router-dom";
import { AuthProvider, RequireAuth, useAuth } from "./auth";
import { ErrorBoundary } from "./ErrorBoundary";
import { LabelingPage } from "./labeling/LabelingPage";
import { LoginPage } from "./pages/LoginPage";
import { ProjectPage } from "./pages/ProjectPage";
import { ProjectsPage } from "./pages/ProjectsPage";
import { Text } from "./render";

function TopBar() {
  const { me, logout } = useAuth();
  const navigate = useNavigate();
  if (!me) return null;
  return (
    <header className="topbar">
      <Link to="/" className="brand">
        goldlabel
      </Link>
      <span className="spacer" />
      <span className="hint">
        <Text value={me.email} />
      </span>
      <button type="button" onClick={() => void logout().then(() => navigate("/login"))}>
        Log out
      </button>
    </header>
  );
}

function NotFound() {
  return (
    <div className="page">
      <h1>Not found</h1>
      <Link to="/">Back to projects</Link>
    </div>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <TopBar />
        <main>
          <ErrorBoundary>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                path="/"
                element={
                  <RequireAuth>
                    <ProjectsPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/projects/:projectId/label"
                element={
                  <RequireAuth>
                    <LabelingPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/projects/:projectId"
                element={
                  <RequireAuth>
                    <ProjectPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/projects/:projectId/:tab"
                element={
                  <RequireAuth>
                    <ProjectPage />
                  </RequireAuth>
                }
              />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </ErrorBoundary>
        </main>
      </AuthProvider>
    </BrowserRouter>
  );
}
