import { BrowserRouter, Link, NavLink, Route, Routes, useNavigate } from "react-router-dom";
import { AuthProvider, RequireAuth, useAuth } from "./auth";
import { AdjudicatePage } from "./adjudication/AdjudicatePage";
import { ErrorBoundary } from "./ErrorBoundary";
import { InboxMenu } from "./inbox/InboxMenu";
import { LabelingPage } from "./labeling/LabelingPage";
import { AccountPage } from "./pages/AccountPage";
import { LoginPage } from "./pages/LoginPage";
import { ProjectPage } from "./pages/ProjectPage";
import { ProjectsPage } from "./pages/ProjectsPage";
import { UsersPage } from "./pages/UsersPage";
import { ReviewPage } from "./review/ReviewPage";
import { TeamsPage } from "./teams/TeamsPage";
import { WorkshopPage } from "./workshops/WorkshopPage";
import { Text } from "./render";
import { ExamPage } from "./training/ExamPage";
import { PracticePage } from "./training/PracticePage";
import "./scorecards/scorecards.css";

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
      <InboxMenu />
      <NavLink to="/teams">Teams</NavLink>
      {me.is_admin && <NavLink to="/admin/users">Users</NavLink>}
      <NavLink to="/account" className="hint" title="Account: password and API tokens">
        <Text value={me.email} />
      </NavLink>
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
                path="/account"
                element={
                  <RequireAuth>
                    <AccountPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/admin/users"
                element={
                  <RequireAuth>
                    <UsersPage />
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
                path="/projects/:projectId/practice"
                element={
                  <RequireAuth>
                    <PracticePage />
                  </RequireAuth>
                }
              />
              <Route
                path="/projects/:projectId/exam"
                element={
                  <RequireAuth>
                    <ExamPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/teams"
                element={
                  <RequireAuth>
                    <TeamsPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/projects/:projectId/review/next"
                element={
                  <RequireAuth>
                    <ReviewPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/projects/:projectId/adjudicate"
                element={
                  <RequireAuth>
                    <AdjudicatePage />
                  </RequireAuth>
                }
              />
              <Route
                path="/projects/:projectId/workshops/:workshopId"
                element={
                  <RequireAuth>
                    <WorkshopPage />
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
