// Starts the GOV.UK Frontend components this site uses. Loaded as an ES module, so
// browsers too old for modules get the plain HTML pages, which work without JavaScript.
import {
  Button,
  CharacterCount,
  Checkboxes,
  createAll,
  ErrorSummary,
  ExitThisPage,
  Header,
  isSupported,
  NotificationBanner,
  PasswordInput,
  Radios,
  ServiceNavigation,
  SkipLink,
} from "../dist/govuk-frontend.min.js";

// Replaces the current history entry, so pressing Back after a quick exit does not return
// to this site. GOV.UK's component assigns location.href, which keeps it in history.
class QuickExit extends ExitThisPage {
  exitPage() {
    if (!this.$updateSpan) {
      return;
    }
    this.$updateSpan.textContent = "";
    document.body.classList.add("govuk-exit-this-page-hide-content");
    this.$overlay = document.createElement("div");
    this.$overlay.className = "govuk-exit-this-page-overlay";
    this.$overlay.setAttribute("role", "alert");
    document.body.appendChild(this.$overlay);
    this.$overlay.textContent = this.i18n.t("activated");
    window.location.replace(this.$button.href);
  }
}

// The class GOV.UK Frontend checks before it starts any component. It is added here
// rather than by an inline script, which the Content Security Policy forbids.
document.body.classList.add("govuk-frontend-supported");

if (isSupported()) {
  for (const Component of [
    Button,
    CharacterCount,
    Checkboxes,
    ErrorSummary,
    Header,
    NotificationBanner,
    PasswordInput,
    QuickExit,
    Radios,
    ServiceNavigation,
    SkipLink,
  ]) {
    createAll(Component);
  }
}
