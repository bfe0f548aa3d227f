"""A real SMTP server on loopback for the notification tests (Debian's python3-aiosmtpd).

usage: /usr/bin/python3 smtp_sink.py PORT FOLDER

Binds 127.0.0.1:PORT, prints "ready" once it listens, and writes every message it receives to
FOLDER/NNNN.eml (renamed into place when complete), with the envelope as X-Envelope-From and
X-Envelope-To headers in front. Accepts any AUTH PLAIN/LOGIN over the plain connection and appends
"login password" to FOLDER/auth.txt, so a test can tell the credentials were sent. Runs until its
standard input closes or it is killed.
"""

import os
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        final = os.path.join(self.folder, "%04d.eml" % self.count)
        partial = final + ".partial"
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        with open(partial, "wb") as out:
            out.write(("X-Envelope-From: %s\r\n" % envelope.mail_from).encode("utf-8"))
            out.write(("X-Envelope-To: %s\r\n" % ", ".join(envelope.rcpt_tos)).encode("utf-8"))
            out.write(content)
        os.rename(partial, final)
        return "250 OK"


def make_authenticator(folder):
    def authenticate(server, session, envelope, mechanism, auth_data):
        login = auth_data.login.decode("utf-8") if isinstance(auth_data.login, bytes) else str(auth_data.login)
        password = auth_data.password.decode("utf-8") if isinstance(auth_data.password, bytes) else str(auth_data.password)
        with open(os.path.join(folder, "auth.txt"), "a", encoding="utf-8") as out:
            out.write("%s %s\n" % (login, password))
        return AuthResult(success=True)

    return authenticate


def main():
    port = int(sys.argv[1])
    folder = sys.argv[2]
    controller = Controller(
        Sink(folder),
        hostname="127.0.0.1",
        port=port,
        authenticator=make_authenticator(folder),
        auth_require_tls=False,
    )
    controller.start()
    print("ready", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
