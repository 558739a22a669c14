/** Keeps one broken page from blanking the whole app; shows the error and a way back. */
import { Component, type ReactNode } from "react";
import { Text } from "./render";

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="page" role="alert">
        <h1>Something went wrong</h1>
        <p className="error">
          <Text value={this.state.error.message} />
        </p>
        <button type="button" onClick={() => window.location.assign("/")}>
          Back to projects
        </button>
      </div>
    );
  }
}
