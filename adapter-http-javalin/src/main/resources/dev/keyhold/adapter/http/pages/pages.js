// Keyhold's pages for mailed links: reads the link's token from this page's URL and, only when the user acts, sends it
// to the JSON API of the same origin. Opening a page uses nothing up. Nothing is stored: the session that signing in
// on the invitation page creates lives in this page's memory and is ended once the invitation is accepted or the page
// is left. Every text from the server is set as text, never as HTML.
(function () {
  "use strict";

  var page = document.body.getAttribute("data-page");
  var token = new URLSearchParams(window.location.search).get("token");
  var message = byId("message");

  function byId(id) {
    return document.getElementById(id);
  }

  function show(id) {
    byId(id).hidden = false;
  }

  function hide(id) {
    byId(id).hidden = true;
  }

  /** Shows one message ("success", "error" or "info"), with optional detail lines, and moves focus to it. */
  function say(kind, text, details) {
    message.className = "message " + kind;
    message.textContent = "";
    var paragraph = document.createElement("p");
    paragraph.textContent = text;
    message.appendChild(paragraph);
    if (details && details.length) {
      var list = document.createElement("ul");
      details.forEach(function (detail) {
        var item = document.createElement("li");
        item.textContent = detail;
        list.appendChild(item);
      });
      message.appendChild(list);
    }
    message.hidden = false;
    message.focus();
  }

  function clearMessage() {
    message.hidden = true;
    message.className = "message";
    message.textContent = "";
  }

  function fieldError(id, text) {
    var input = byId(id);
    var error = byId(id + "-error");
    error.textContent = text;
    error.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.focus();
  }

  function clearFieldErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll(".field-error"), function (error) {
      error.hidden = true;
      error.textContent = "";
    });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (input) {
      input.removeAttribute("aria-invalid");
    });
  }

  /** Disables the form's buttons while a request runs, so that one click sends one request. */
  function busy(form, on) {
    form.setAttribute("aria-busy", on ? "true" : "false");
    Array.prototype.forEach.call(form.querySelectorAll("button"), function (button) {
      button.disabled = on;
    });
  }

  /** One call to the API: {ok, status, data, problem, retryAfter}; a network failure is the problem "network". */
  async function call(method, path, body, bearer, keepalive) {
    var headers = {"Accept": "application/json"};
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (bearer) {
      headers["Authorization"] = "Bearer " + bearer;
    }
    var response;
    try {
      response = await fetch(path, {
        method: method,
        headers: headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit",
        cache: "no-store",
        redirect: "error",
        referrerPolicy: "no-referrer",
        keepalive: Boolean(keepalive)
      });
    } catch (e) {
      return {ok: false, status: 0, data: null, problem: {code: "network"}, retryAfter: null};
    }
    var data = null;
    try {
      var text = await response.text();
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    var problem = null;
    if (!response.ok) {
      problem = data && typeof data.code === "string" ? data : {code: "unknown"};
    }
    return {ok: response.ok, status: response.status, data: data, problem: problem,
      retryAfter: response.headers.get("Retry-After")};
  }

  function wait(seconds) {
    var s = parseInt(seconds, 10);
    if (!(s > 0)) {
      return "a little while";
    }
    if (s < 90) {
      return s + (s === 1 ? " second" : " seconds");
    }
    var minutes = Math.ceil(s / 60);
    return minutes < 90 ? minutes + " minutes" : Math.ceil(minutes / 60) + " hours";
  }

  var COMMON = {
    network: "We could not reach the server. Check your connection and try again.",
    rate_limited: function (result) {
      return "Too many attempts from here. Try again in " + wait(result.retryAfter) + ".";
    },
    too_many_attempts: function (result) {
      return "Too many failed attempts: signing in to this account is paused. Try again in "
        + wait(result.retryAfter) + ".";
    },
    overloaded: "The service is busy right now. Try again in a moment.",
    store_unavailable: "The service is unavailable for a moment. Try again shortly.",
    validation_failed: "Some of what you entered cannot be used."
  };

  /** A person's sentence for a failed call: the page's own for its codes, else a common one. */
  function explain(result, specific) {
    var code = result.problem.code;
    var text = (specific && specific[code]) || COMMON[code];
    if (typeof text === "function") {
      text = text(result);
    }
    if (!text) {
      var reference = result.problem.request_id ? " (reference " + result.problem.request_id + ")" : "";
      text = "Something went wrong" + reference + ". Try again later.";
    }
    return text;
  }

  /** The messages of a validation_failed answer about the field named, and those about any other. */
  function violations(result, field) {
    var mine = [];
    var others = [];
    (result.problem.errors || []).forEach(function (error) {
      (error.field === field ? mine : others).push(error.message);
    });
    return {mine: mine, others: others};
  }

  function missingToken() {
    say("error", "This link is incomplete. Open it from the mail again, or copy the whole link into the address "
      + "bar.");
  }

  /** After a used or expired link: a form that asks the API for a new one, which it mails. */
  function offerNewLink(path) {
    show("new-link");
    var form = byId("new-link-form");
    if (form.getAttribute("data-path")) {
      return;
    }
    form.setAttribute("data-path", path);
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      clearFieldErrors(form);
      var email = byId("new-link-email").value.trim();
      if (!email) {
        fieldError("new-link-email", "Enter the address the link was sent to.");
        return;
      }
      busy(form, true);
      var result = await call("POST", path, {email: email});
      busy(form, false);
      if (result.ok) {
        hide("new-link");
        say("success", (result.data && result.data.message) || "If the address has an account, a new link is on "
          + "its way.");
        return;
      }
      var fields = result.problem.code === "validation_failed" ? violations(result, "email") : null;
      if (fields && fields.mine.length) {
        fieldError("new-link-email", fields.mine.join(" "));
        return;
      }
      say("error", explain(result), fields ? fields.others : null);
    });
  }

  function verifyEmailPage() {
    if (!token) {
      missingToken();
      return;
    }
    show("confirm");
    var form = byId("verify-form");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      busy(form, true);
      var result = await call("POST", "/api/v1/verify-email", {token: token});
      busy(form, false);
      if (result.ok) {
        hide("confirm");
        say("success", "Your email address is confirmed. You can sign in now.");
        return;
      }
      if (result.problem.code === "invalid_link_token") {
        hide("confirm");
        say("error", "This link has already been used, or it has expired. If you confirmed your address "
          + "already, just sign in; if not, ask for a new link below.");
        offerNewLink("/api/v1/verify-email/resend");
        return;
      }
      say("error", explain(result));
    });
  }

  function confirmEmailPage() {
    if (!token) {
      missingToken();
      return;
    }
    show("confirm");
    var form = byId("confirm-email-form");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      busy(form, true);
      var result = await call("POST", "/api/v1/confirm-email", {token: token});
      busy(form, false);
      if (result.ok) {
        hide("confirm");
        say("success", "Your account's email address is now " + result.data.email + ". Sign in with it from now "
          + "on; your other sessions are signed out.");
        return;
      }
      if (result.problem.code === "invalid_link_token") {
        hide("confirm");
        say("error", "This link has already been used, a newer change was asked for, or it has expired. If your "
          + "address has not changed, ask for the change again from your account settings.");
        return;
      }
      if (result.problem.code === "email_taken") {
        hide("confirm");
        say("error", "This address belongs to another account by now, so your address has not changed. Ask for "
          + "the change again with another address.");
        return;
      }
      say("error", explain(result));
    });
  }

  function resetPasswordPage() {
    if (!token) {
      missingToken();
      return;
    }
    show("reset");
    var form = byId("reset-form");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      clearFieldErrors(form);
      clearMessage();
      var password = byId("new-password").value;
      if (!password) {
        fieldError("new-password", "Enter a new password.");
        return;
      }
      if (byId("repeat-password").value !== password) {
        fieldError("repeat-password", "The two passwords differ. Type the same password twice.");
        return;
      }
      busy(form, true);
      var result = await call("POST", "/api/v1/password-reset/confirm", {token: token, new_password: password});
      busy(form, false);
      if (result.ok) {
        form.reset();
        hide("reset");
        say("success", "Your password is changed, and you are signed out everywhere. Sign in with your new "
          + "password.");
        return;
      }
      if (result.problem.code === "invalid_link_token") {
        form.reset();
        hide("reset");
        say("error", "This link has already been used, a newer one was sent, or it has expired. Ask for a new "
          + "link below.");
        offerNewLink("/api/v1/password-reset/request");
        return;
      }
      if (result.problem.code === "validation_failed") {
        var fields = violations(result, "new_password");
        if (fields.mine.length) {
          fieldError("new-password", fields.mine.join(" "));
          if (fields.others.length) {
            say("error", explain(result), fields.others);
          }
          return;
        }
        say("error", explain(result), fields.others);
        return;
      }
      say("error", explain(result));
    });
  }

  function acceptInvitationPage() {
    if (!token) {
      missingToken();
      return;
    }
    var session = null;
    var mfaToken = null;
    var signInForm = byId("sign-in-form");
    var codeForm = byId("second-factor-form");
    var acceptForm = byId("accept-form");

    function startOver() {
      signOut();
      mfaToken = null;
      signInForm.reset();
      codeForm.reset();
      hide("second-factor");
      hide("accept");
      show("sign-in");
      byId("email").focus();
    }

    /** Ends the session this page signed in with; the API is silent about one that has ended already. */
    function signOut() {
      if (session) {
        call("POST", "/api/v1/logout", {refresh_token: session.refresh}, null, true);
        session = null;
      }
    }

    var SIGN_IN = {
      invalid_credentials: "The email address or the password is wrong.",
      email_not_verified: "This address is not confirmed yet. Open the link in the mail we sent when you "
        + "registered, then open this invitation again.",
      invalid_mfa_code: "That code is not right. Enter the current code from your authenticator app, or a "
        + "recovery code you have not used.",
      invalid_mfa_token: "Signing in took too long. Sign in again."
    };

    async function signedIn(tokens) {
      session = {access: tokens.access_token, refresh: tokens.refresh_token};
      var me = await call("GET", "/api/v1/me", undefined, session.access);
      byId("signed-in-as").textContent = me.ok && me.data ? me.data.email : "you";
      signInForm.reset();
      codeForm.reset();
      hide("sign-in");
      hide("second-factor");
      clearMessage();
      show("accept");
      acceptForm.querySelector("button").focus();
    }

    signInForm.addEventListener("submit", async function (event) {
      event.preventDefault();
      clearFieldErrors(signInForm);
      var email = byId("email").value.trim();
      var password = byId("password").value;
      if (!email) {
        fieldError("email", "Enter your email address.");
        return;
      }
      if (!password) {
        fieldError("password", "Enter your password.");
        return;
      }
      busy(signInForm, true);
      var result = await call("POST", "/api/v1/login", {email: email, password: password});
      busy(signInForm, false);
      if (result.ok && result.data && result.data.mfa_required) {
        mfaToken = result.data.mfa_token;
        hide("sign-in");
        clearMessage();
        show("second-factor");
        byId("code").focus();
        return;
      }
      if (result.ok) {
        await signedIn(result.data);
        return;
      }
      say("error", explain(result, SIGN_IN), result.problem.code === "validation_failed"
        ? violations(result, "").others : null);
    });

    codeForm.addEventListener("submit", async function (event) {
      event.preventDefault();
      clearFieldErrors(codeForm);
      var code = byId("code").value.trim();
      if (!code) {
        fieldError("code", "Enter the code from your authenticator app, or a recovery code.");
        return;
      }
      var digits = code.replace(/\s/g, "");
      var body = /^[0-9]{6}$/.test(digits) ? {mfa_token: mfaToken, code: digits}
        : {mfa_token: mfaToken, recovery_code: code};
      busy(codeForm, true);
      var result = await call("POST", "/api/v1/login/mfa", body);
      busy(codeForm, false);
      if (result.ok) {
        await signedIn(result.data);
        return;
      }
      if (result.problem.code === "invalid_mfa_token") {
        startOver();
      }
      say("error", explain(result, SIGN_IN), result.problem.code === "validation_failed"
        ? violations(result, "").others : null);
    });

    acceptForm.addEventListener("submit", async function (event) {
      event.preventDefault();
      busy(acceptForm, true);
      var result = await call("POST", "/api/v1/invitations/accept", {token: token}, session && session.access);
      busy(acceptForm, false);
      if (result.ok) {
        hide("accept");
        signOut();
        say("success", "You have joined " + (result.data && result.data.name ? result.data.name : "the organization")
          + ".");
        return;
      }
      var email = byId("signed-in-as").textContent;
      var text = explain(result, {
        invalid_link_token: "This invitation cannot be accepted by " + email + ". Either it was sent to another "
          + "address (then use that account), or it has expired, been withdrawn or already been used (then ask "
          + "for a new invitation).",
        already_member: "The account " + email + " already belongs to this organization.",
        mfa_required: "This organization requires two-factor sign-in. Turn it on for your account, then open this "
          + "link again.",
        invalid_token: "Your sign-in has ended. Sign in again.",
        missing_token: "Your sign-in has ended. Sign in again."
      });
      if (result.problem.code === "invalid_token" || result.problem.code === "missing_token") {
        startOver();
      }
      say("error", text);
    });

    byId("switch-account").addEventListener("click", function () {
      clearMessage();
      startOver();
    });

    window.addEventListener("pagehide", signOut);
    show("sign-in");
  }

  if (page === "verify-email") {
    verifyEmailPage();
  } else if (page === "reset-password") {
    resetPasswordPage();
  } else if (page === "accept-invitation") {
    acceptInvitationPage();
  } else if (page === "confirm-email") {
    confirmEmailPage();
  }
})();
