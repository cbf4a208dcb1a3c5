package dev.warden.it;

import jakarta.json.Json;
import org.htmlunit.BrowserVersion;
import org.htmlunit.NicelyResynchronizingAjaxController;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlPasswordInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages the mails link to (SPEC 5.1: {@code /reset-password?token=...},
 * {@code /verify-email?token=...}), driven as a user would, in a headless browser that
 * runs their script (HtmlUnit): the reset page sets the password typed twice, the
 * verification page confirms the address on its button only; both take the token out of
 * the address and answer in the API's words, behind headers that keep the token in.
 */
class AccountPagesIT extends WardenIT {

    private static final String NEW_PASSWORD = "Typed#Twice-2026";
    private WebClient browser;

    @BeforeEach
    void browser() {
        browser = new WebClient(BrowserVersion.FIREFOX);
        browser.getOptions().setThrowExceptionOnScriptError(true);
        browser.setAjaxController(new NicelyResynchronizingAjaxController());
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    private HtmlPage open(String page, String token) throws Exception {
        return browser.getPage(api.base() + "/" + page + (token == null ? "" : "?token=" + token));
    }

    private HtmlPage submit(HtmlPage page) throws Exception {
        page.getHtmlElementById("submit").click();
        browser.waitForBackgroundJavaScript(10_000);
        return page;
    }

    private HtmlPage type(HtmlPage page, String password, String again) throws Exception {
        page.<HtmlPasswordInput>getHtmlElementById("password").setValue(password);
        page.<HtmlPasswordInput>getHtmlElementById("confirm").setValue(again);
        return submit(page);
    }

    private static String message(HtmlPage page) {
        return page.getHtmlElementById("message").getTextContent();
    }

    private static boolean formShown(HtmlPage page) {
        return !page.getHtmlElementById("form").hasAttribute("hidden");
    }

    private static String address(HtmlPage page) {
        return String.valueOf(page.executeJavaScript("window.location.href").getJavaScriptResult());
    }

    @Test
    void theResetPageSetsThePasswordTypedTwiceAndTheLinkOnlyOnce() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String session = api.accessToken(user.username(), user.password());
        api.post("/api/v1/auth/forgot-password", Json.createObjectBuilder().add("email", user.email()).build(), null)
                .ok(202);
        String token = Mailbox.token(Mailbox.await(user.email(), 1), "reset-password");

        HtmlPage page = open("reset-password", token);
        assertEquals(api.base() + "/reset-password", address(page), "the token is out of the address bar");

        type(page, NEW_PASSWORD, NEW_PASSWORD + "x");
        assertEquals("The two passwords differ.", message(page));
        type(page, "short", "short");
        assertTrue(message(page).startsWith("The password does not meet the password policy: "), message(page));
        assertTrue(message(page).contains("must be at least"), message(page));
        assertTrue(formShown(page), "the link is still good after a weak password");
        api.login(user.username(), user.password()).ok(200);

        type(page, NEW_PASSWORD, NEW_PASSWORD);
        assertEquals("Your password is set, and every session of your account has ended. "
                + "Sign in with the new password.", message(page));
        assertFalse(formShown(page));
        api.login(user.username(), NEW_PASSWORD).ok(200);
        api.login(user.username(), user.password()).problem(401, "invalid_credentials");
        api.get("/api/v1/auth/me", session).problem(401, "unauthorized");

        HtmlPage again = type(open("reset-password", token), "Another#Pass-2026x", "Another#Pass-2026x");
        assertEquals("The reset link is invalid, expired or already used; ask for a new one", message(again));
        assertFalse(formShown(again));
        api.login(user.username(), NEW_PASSWORD).ok(200);
    }

    @Test
    void theVerificationPageConfirmsTheAddressOnItsButtonOnly() throws Exception {
        String name = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String email = name + "@example.org";
        String password = "Fresh#Account-2026";
        api.post("/api/v1/auth/register", Json.createObjectBuilder().add("username", name).add("email", email)
                .add("password", password).build(), null).ok(201);
        String token = Mailbox.token(Mailbox.await(email, 1), "verify-email");

        HtmlPage page = open("verify-email", token);
        assertEquals(api.base() + "/verify-email", address(page));
        api.login(name, password).problem(403, "email_not_verified"); // opening the link uses nothing up

        submit(page);
        assertEquals("Your email address is confirmed. You can sign in now.", message(page));
        assertFalse(formShown(page));
        api.login(name, password).ok(200);

        HtmlPage again = submit(open("verify-email", token));
        assertFalse(formShown(again));
        assertEquals(api.post("/api/v1/auth/verify-email", Json.createObjectBuilder().add("token", token).build(), null)
                .problem(400, "invalid_token").json().getString("detail"), message(again));
    }

    @Test
    void aPageWithoutItsTokenSaysWhereToFindIt() throws Exception {
        for (String name : List.of("reset-password", "verify-email")) {
            HtmlPage page = open(name, null);
            assertEquals("This page needs the link from your email: open the link in the mail Warden sent you.",
                    message(page), name);
            assertFalse(formShown(page), name);
        }
    }

    @Test
    void thePagesKeepTheirTokenInAndOnlyServeReads() {
        for (String path : List.of("/reset-password?token=abc", "/verify-email?token=abc")) {
            Api.Reply page = api.get(path, null).ok(200);
            assertEquals("text/html;charset=UTF-8", page.contentType(), path);
            assertEquals("no-referrer", page.header("Referrer-Policy"), path);
            assertEquals("no-store", page.header("Cache-Control"), path);
            assertEquals("nosniff", page.header("X-Content-Type-Options"), path);
            assertEquals("DENY", page.header("X-Frame-Options"), path);
            String policy = page.header("Content-Security-Policy");
            for (String directive : List.of("default-src 'none'", "script-src 'self'", "connect-src 'self'",
                    "form-action 'none'", "frame-ancestors 'none'", "base-uri 'none'")) {
                assertTrue(policy.contains(directive), path + ": " + policy);
            }
            assertFalse(page.text().contains("<script>"), "no inline script: " + path);

            Api.Reply post = api.send("POST", path, "application/json", "{}", Map.of())
                    .problem(405, "method_not_allowed");
            assertEquals("GET, HEAD, OPTIONS", post.header("Allow"), path);
            Api.Reply options = api.send("OPTIONS", path, null, null, Map.of());
            assertEquals(204, options.status(), path);
            assertEquals("GET, HEAD, OPTIONS", options.header("Allow"), path);
        }
        // the JWKS, the other read-only servlet, answers alike (its OPTIONS was a 200 listing TRACE)
        Api.Reply options = api.send("OPTIONS", "/.well-known/jwks.json", null, null, Map.of());
        assertEquals(204, options.status());
        assertEquals("GET, HEAD, OPTIONS", options.header("Allow"));
        assertEquals("GET, HEAD, OPTIONS", api.send("DELETE", "/.well-known/jwks.json", null, null, Map.of())
                .problem(405, "method_not_allowed").header("Allow"));
        // the pages' files are not served without their headers
        Api.Reply hidden = api.get("/WEB-INF/pages/reset-password.html", null);
        if (WardenServer.onWildFly()) {
            // Undertow refuses WEB-INF itself, with its own HTML page and no error page
            assertEquals(404, hidden.status());
        } else {
            hidden.problem(404, "not_found");
        }
        assertEquals(200, api.get("/account/account.js", null).status());
    }
}
