// <unum-signin-view>: signs in at the host the page talks to, with a user and password or an
// API token, and says why it is asked (the session ended, the page's host died). Fires
// 'signed-in' once the API took the credential. The secret goes to the API and nowhere else:
// not kept, not logged, never in a URL.
import { LitElement, html } from 'lit';

class SigninView extends LitElement {
  static properties = { api: { attribute: false }, reason: {}, error: { state: true }, busy: { state: true } };

  createRenderRoot() {
    return this;
  }

  firstUpdated() {
    this.querySelector('[data-test="signin-user"]').focus();
  }

  async submit(e) {
    e.preventDefault();
    const form = e.target;
    const user = form.user.value.trim();
    const password = form.password.value;
    const token = form.token.value.trim();
    if (token && (user || password)) {
      this.error = 'Give a user and password, or a token: not both.';
      return;
    }
    if (!token && !(user && password)) {
      this.error = 'Give a user and password, or a token.';
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      await this.api.signIn(token ? { token } : { user, password });
      this.dispatchEvent(new Event('signed-in', { bubbles: true }));
    } catch (err) {
      this.error = err.plain ?? String(err);
      // A refused secret is not left in the page; the user name stays to try again.
      form.password.value = '';
      form.token.value = '';
      (token ? form.token : form.password).focus();
    } finally {
      this.busy = false;
    }
  }

  render() {
    const host = this.api.base.replace(/^https?:\/\//, '');
    // method=post: were the page's script ever to miss the submit, no secret goes into a URL.
    return html`
      <section class="panel signin" data-test="signin" aria-labelledby="signin-h">
        <h2 id="signin-h">Sign in at ${host}</h2>
        ${this.reason ? html`<p class="notice" role="status">${this.reason}</p>` : ''}
        <form method="post" @submit=${e => this.submit(e)}>
          <fieldset>
            <legend>With a user and password</legend>
            <label>User <input name="user" data-test="signin-user" autocomplete="username"
              autocapitalize="none" spellcheck="false"></label>
            <label>Password <input name="password" type="password" data-test="signin-password"
              autocomplete="current-password"></label>
          </fieldset>
          <fieldset>
            <legend>Or with an API token</legend>
            <label>Token <input name="token" type="password" data-test="signin-token" autocomplete="off"
              spellcheck="false" placeholder="unum_…"></label>
          </fieldset>
          ${this.error ? html`<p class="problem" role="alert" data-test="signin-error">${this.error}</p>` : ''}
          <button class="primary" type="submit" data-test="signin-submit" ?disabled=${this.busy}>Sign in</button>
        </form>
      </section>`;
  }
}
customElements.define('unum-signin-view', SigninView);
