#!/usr/bin/python3
"""A TLS mail server for the tests, on Debian's aiosmtpd (python3-aiosmtpd).

  smtp-server.py DIR MODE CERT KEY USER PASSWORD

MODE is 'starttls' (plain SMTP that requires STARTTLS and then AUTH) or 'smtps' (TLS from the
first byte, then AUTH). It listens on a free loopback port, writes that port to DIR/port, and
writes each accepted message to DIR/N.eml with DIR/N.json: the envelope, whether the session was
encrypted and who logged in. It runs until killed.
"""
import asyncio
import json
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def main():
    out, mode, cert, key, user, password = sys.argv[1:7]
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user.encode() and auth_data.password == password.encode())
        # handled=False: aiosmtpd answers a refusal with 535 itself
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    class Handler:
        count = 0

        async def handle_DATA(self, server, session, envelope):
            Handler.count += 1
            base = os.path.join(out, str(Handler.count))
            with open(base + ".eml", "wb") as f:
                f.write(envelope.original_content)
            record = {
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "encrypted": mode == "smtps" or session.ssl is not None,
                "login": session.auth_data.login.decode() if session.authenticated else None,
            }
            with open(base + ".json.tmp", "w") as f:
                json.dump(record, f)
            os.rename(base + ".json.tmp", base + ".json")
            return "250 OK"

    def factory():
        if mode == "starttls":
            return SMTP(Handler(), tls_context=tls, require_starttls=True, auth_required=True,
                        authenticator=authenticator)
        return SMTP(Handler(), auth_required=True, auth_require_tls=False, authenticator=authenticator)

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(
        factory, "127.0.0.1", 0, ssl=tls if mode == "smtps" else None))
    port = server.sockets[0].getsockname()[1]
    with open(os.path.join(out, "port.tmp"), "w") as f:
        f.write(str(port))
    os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
    loop.run_forever()


if __name__ == "__main__":
    main()
