import { Component, type ReactNode } from "react";

/** Keeps one screen's rendering failure from blanking the console: the error is shown and the rest still works. */
export class Boundary extends Component<{ children: ReactNode; resetKey: string }, { error: Error | null; key: string }> {
  state = { error: null as Error | null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { error: Error | null; key: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  render() {
    if (this.state.error) {
      return (
        <div className="state error" role="alert" data-testid="error-state">
          <strong>This screen failed to render</strong>
          <p>
            <code>client</code>: {this.state.error.message}
          </p>
        </div>
      );
    }
    return this.props.children;
  }
}
