/*
 * The account pages the mails link to: /reset-password and /verify-email (users.boundary.
 * AccountPages). The token comes from the page's address (?token=...) and is taken out of
 * the address bar at once (history, bookmarks, a shared screen); the pages send no Referer.
 * It goes to the API in a POST body. Written for any browser of the last years (no build
 * step, no library); no inline script, as the pages' Content-Security-Policy wants.
 */
(function () {
    'use strict';

    var page = document.body.getAttribute('data-page');
    var token = new URLSearchParams(window.location.search).get('token');
    if (window.location.search) {
        window.history.replaceState(null, '', window.location.pathname);
    }
    var form = document.getElementById('form');
    var submit = document.getElementById('submit');
    var message = document.getElementById('message');

    function say(text, kind) {
        message.textContent = text;
        message.className = kind;
    }

    /** The end of the page's work: the form goes, the message stays. */
    function finish(text, kind) {
        form.hidden = true;
        say(text, kind);
    }

    /** What a refusal says: the problem's detail, and what each field lacks. */
    function refusal(status, problem) {
        if (status === 0) {
            return 'Warden could not be reached. Check your connection and try again.';
        }
        if (status === 429) {
            return 'Too many attempts from your network. Wait a minute and try again.';
        }
        if (problem && problem.detail) {
            var text = problem.detail;
            if (problem.errors && problem.errors.length) {
                text += ': ' + problem.errors.map(function (e) {
                    return e.message;
                }).join('; ') + '.';
            }
            return text;
        }
        return 'Something went wrong (' + status + '). Try again later.';
    }

    function post(path, body, answer) {
        var request = new XMLHttpRequest();
        request.open('POST', path);
        request.setRequestHeader('Content-Type', 'application/json');
        request.setRequestHeader('Accept', 'application/json, application/problem+json');
        request.onload = function () {
            var parsed = null;
            try {
                parsed = request.responseText ? JSON.parse(request.responseText) : null;
            } catch (e) {
                parsed = null;
            }
            answer(request.status, parsed);
        };
        request.onerror = function () {
            answer(0, null);
        };
        submit.disabled = true;
        request.onloadend = function () {
            submit.disabled = false;
        };
        request.send(JSON.stringify(body));
    }

    if (!token) {
        finish('This page needs the link from your email: open the link in the mail Warden sent you.', 'error');
        return;
    }

    form.addEventListener('submit', function (event) {
        event.preventDefault();
        if (page === 'reset-password') {
            var password = document.getElementById('password').value;
            if (password !== document.getElementById('confirm').value) {
                say('The two passwords differ.', 'error');
                return;
            }
            post('api/v1/auth/reset-password', {token: token, new_password: password}, function (status, problem) {
                if (status === 204) {
                    finish('Your password is set, and every session of your account has ended. '
                        + 'Sign in with the new password.', 'success');
                } else if (problem && problem.code === 'invalid_token') {
                    finish(refusal(status, problem), 'error');
                } else {
                    say(refusal(status, problem), 'error');
                }
            });
        } else if (page === 'verify-email') {
            post('api/v1/auth/verify-email', {token: token}, function (status, problem) {
                if (status === 200) {
                    finish('Your email address is confirmed. You can sign in now.', 'success');
                } else if (status === 404 || (problem && problem.code === 'invalid_token')) {
                    finish(status === 404 ? 'This server does not confirm addresses.' : refusal(status, problem),
                        'error');
                } else {
                    say(refusal(status, problem), 'error');
                }
            });
        }
    });
})();
