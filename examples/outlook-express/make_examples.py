#!/usr/bin/env python3
"""Writes the Outlook Express .iaf examples in this folder, and the extra test fixtures of the
outlook-express-iaf adapter, deterministically (same bytes on every run).

    python3 examples/outlook-express/make_examples.py            # examples/outlook-express/
    python3 examples/outlook-express/make_examples.py --fixtures # Tests/Fixtures/outlook-express-iaf/

Each input NAME.iaf comes with the output the converter must produce, computed here
independently of the Swift code from the conversion rules:
  NAME.expected.iaf                default options (SMTP only, 25/587 -> 465)
  NAME.all-protocols.expected.iaf  --protocols smtp,imap,pop3 (only where it differs)
No expected file means the input must stay unchanged. In examples/ the default output is named
as `mailtls convert NAME.iaf` writes it, NAME-smtps.iaf (so a walk over examples/ passes over it
as mailtls's own output), and the all-protocols outputs go to the test fixtures as
example-NAME.all-protocols.expected.iaf.

Layout (format note outlook-express-windows-mail.md section 1): the 12-byte header
66 4D 41 49 00 00 05 00 01 00 00 00, then records `u32 id LE, u32 length LE, data` to the end
of the file. Hosts and people are fictitious; passwords are planted, obfuscated with the
Outlook Express scheme (section 1.4) so the files look like real exports.
"""
import os
import struct
import sys

HEADER = bytes([0x66, 0x4D, 0x41, 0x49, 0x00, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00])

# Field ids: (property id << 16) | type code.
ACCOUNT_NAME, TEMPORARY_ACCOUNT, CONNECTION_TYPE = 0x123503F0, 0x123703E9, 0x123903E9
CONNECTION_NAME, ACCOUNT_ID, MAKE_AVAILABLE_OFFLINE = 0x123A03F0, 0x123D03F0, 0x124003E9
IMAP_SERVER, IMAP_USER, IMAP_PASSWORD, IMAP_SPA = 0x129803F0, 0x129903F0, 0x129A03F6, 0x129C03F5
IMAP_PORT, IMAP_SSL, IMAP_TIMEOUT = 0x129D03E9, 0x129E03F5, 0x129F03E9
POP3_SERVER, POP3_USER, POP3_PASSWORD, POP3_SPA = 0x13C403F0, 0x13C503F0, 0x13C603F6, 0x13C803F5
POP3_PORT, POP3_SSL, POP3_TIMEOUT, LEAVE_ON_SERVER = 0x13C903E9, 0x13CA03F5, 0x13CB03E9, 0x13CC03F5
SMTP_SERVER, SMTP_USER, SMTP_PASSWORD, SMTP_AUTH = 0x142803F0, 0x142903F0, 0x142A03F6, 0x142C03E9
SMTP_PORT, SMTP_SSL, SMTP_TIMEOUT = 0x142D03E9, 0x142E03F5, 0x142F03E9
SMTP_DISPLAY_NAME, ORGANIZATION, SMTP_EMAIL, REPLY_TO = 0x143003F0, 0x143103F0, 0x143203F0, 0x143303F0
SPLIT_MESSAGES, SPLIT_SIZE, SIGNATURE, PASSWORD_PROMPT = 0x143403F5, 0x143503E9, 0x143703F0, 0x143803F5
SMTP_CERTIFICATE = 0x143603F1          # BINARY: kept as opaque bytes
HTTPMAIL_STRING, HTTPMAIL_POLL = 0x1B5903F0, 0x1B5A03F7   # seen in real exports


def dword(field, value):
    return (field, struct.pack('<I', value))


def string(field, text):
    return (field, text.encode('cp932') + b'\0')


def password(field, plain):
    """Record data = 01 01, u32 n (bytes incl. NUL), then the NUL-terminated plaintext XORed
    with a rolling key: 75 18 15 14 first, then each full block's plaintext; a short last
    block uses the last r bytes of the key."""
    data = plain.encode('cp932') + b'\0'
    key = bytes([0x75, 0x18, 0x15, 0x14])
    out = bytearray()
    for i in range(0, len(data), 4):
        block = data[i:i + 4]
        use = key if len(block) == 4 else key[4 - len(block):]
        out += bytes(b ^ k for b, k in zip(block, use))
        if len(block) == 4:
            key = block
    return (field, b'\x01\x01' + struct.pack('<I', len(data)) + bytes(out))


def raw(field, data):
    return (field, bytes(data))


def encode(records):
    return HEADER + b''.join(struct.pack('<II', f, len(d)) + d for f, d in records)


# --- reference conversion (conversion-rules.md sections 1-3, 5) ---------------------------

GROUPS = {
    'smtp': dict(server=SMTP_SERVER, port=SMTP_PORT, ssl=SMTP_SSL, default=25, moves={25, 587}, to=465,
                 ids=[SMTP_SERVER, SMTP_USER, SMTP_PASSWORD, SMTP_PORT, SMTP_SSL, SMTP_AUTH]),
    'pop3': dict(server=POP3_SERVER, port=POP3_PORT, ssl=POP3_SSL, default=110, moves={110}, to=995,
                 ids=[POP3_SERVER, POP3_USER, POP3_PASSWORD, POP3_PORT, POP3_SSL, POP3_SPA]),
    'imap': dict(server=IMAP_SERVER, port=IMAP_PORT, ssl=IMAP_SSL, default=143, moves={143}, to=993,
                 ids=[IMAP_SERVER, IMAP_USER, IMAP_PASSWORD, IMAP_PORT, IMAP_SSL, IMAP_SPA]),
}


def first(records, field):
    """Index of the first record with this id (a duplicate: the first one counts)."""
    return next((i for i, (f, _) in enumerate(records) if f == field), None)


def convert(records, protocols):
    out = list(records)
    appended = []
    present = []
    for name, g in GROUPS.items():
        ids = [g['server'], g['port'], g['ssl']] if name == 'smtp' else [g['server']]
        if any(first(records, i) is not None for i in ids):
            where = min(first(records, i) for i in g['ids'] if first(records, i) is not None)
            present.append((where, name))
    for _, name in sorted(present):
        if name not in protocols:
            continue
        g = GROUPS[name]
        ssl_at, port_at = first(records, g['ssl']), first(records, g['port'])
        ssl = ssl_at is not None and struct.unpack('<I', records[ssl_at][1])[0] == 1
        port = struct.unpack('<I', records[port_at][1])[0] if port_at is not None else g['default']
        if not ssl or port not in g['moves']:
            continue
        if port_at is not None:
            out[port_at] = dword(g['port'], g['to'])
        else:
            appended.append(dword(g['port'], g['to']))
    return out + appended


# --- building blocks in the order real OE6 exports use (account, IMAP, POP3, SMTP, HTTPMail) --

def account(name, account_id, connection=3, connectoid=''):
    return [string(ACCOUNT_NAME, name), dword(TEMPORARY_ACCOUNT, 0), dword(CONNECTION_TYPE, connection),
            string(CONNECTION_NAME, connectoid), string(ACCOUNT_ID, account_id), dword(MAKE_AVAILABLE_OFFLINE, 1)]


def imap_defaults():
    return [dword(IMAP_PORT, 143), dword(IMAP_SSL, 0), dword(IMAP_TIMEOUT, 60)]


def identity(display, email, organization=''):
    return [string(SMTP_DISPLAY_NAME, display), string(ORGANIZATION, organization), string(SMTP_EMAIL, email),
            string(REPLY_TO, ''), dword(SPLIT_MESSAGES, 0), dword(SPLIT_SIZE, 60), dword(PASSWORD_PROMPT, 0)]


def httpmail_tail():
    return [raw(HTTPMAIL_STRING, b'\0\0\0\0'), raw(HTTPMAIL_POLL, b'\0\0\0\0\xf0\xa3\xc9\x01')]


EXAMPLES = {
    # The common case of the 2011 notices: POP3 account, "My server requires authentication",
    # SMTP on the submission port 587 with the SSL box checked (STARTTLS on patched XP).
    'oe6-pop3-submission-587': account('Example Mail', '00000003') + imap_defaults() + [
        string(POP3_SERVER, 'pop.example.net'), string(POP3_USER, 'alice.smith'),
        password(POP3_PASSWORD, 'Winter2011!'), dword(POP3_SPA, 0), dword(POP3_PORT, 110),
        dword(POP3_SSL, 0), dword(POP3_TIMEOUT, 60), dword(LEAVE_ON_SERVER, 1),
        string(SMTP_SERVER, 'smtp.example.net'), dword(SMTP_AUTH, 2), dword(SMTP_PORT, 587),
        dword(SMTP_SSL, 1), dword(SMTP_TIMEOUT, 60)] + identity('Alice Smith', 'alice.smith@example.net') + httpmail_tail(),

    # Japanese Windows: CP932 strings. IMAP account with SSL on 143 (moves to 993 only with
    # --protocols), SMTP SSL on and no SMTPPort record (port 25): a port record is appended.
    'oe6-jp-imap-noport': account('山田 太郎（会社）', '00000001') + [
        string(IMAP_SERVER, 'imap.example.co.jp'), string(IMAP_USER, 'taro.yamada'),
        password(IMAP_PASSWORD, 'ﾊﾟｽ7word'), dword(IMAP_SPA, 0), dword(IMAP_PORT, 143), dword(IMAP_SSL, 1),
        dword(IMAP_TIMEOUT, 60),
        string(SMTP_SERVER, 'smtp.example.co.jp'), string(SMTP_USER, 'taro.yamada'),
        password(SMTP_PASSWORD, 'ﾊﾟｽ7word'), dword(SMTP_AUTH, 3), dword(SMTP_SSL, 1), dword(SMTP_TIMEOUT, 60)]
        + identity('山田 太郎', 'taro.yamada@example.co.jp', '株式会社サンプル') + [string(SIGNATURE, '')] + httpmail_tail(),

    # Already right: SMTPS on 465 and POP3S on 995. Must stay byte for byte the same.
    'oe6-already-465': account('Secure Mail', '00000004') + imap_defaults() + [
        string(POP3_SERVER, 'mail.example.org'), string(POP3_USER, 'bob'), password(POP3_PASSWORD, 'hunter2'),
        dword(POP3_PORT, 995), dword(POP3_SSL, 1),
        string(SMTP_SERVER, 'mail.example.org'), dword(SMTP_AUTH, 2), dword(SMTP_PORT, 465), dword(SMTP_SSL, 1)]
        + identity('Bob', 'bob@example.org') + httpmail_tail(),

    # Plaintext SMTP on 25 and no SSL record at all (OE leaves unset properties out):
    # the user's choice, reported as a warning, not changed.
    'oe5-plain-no-ssl-record': account('Dial-up ISP', '00000002', connection=2, connectoid='Example ISP dial-up') + [
        string(POP3_SERVER, 'pop3.isp.example'), string(POP3_USER, 'carol'), password(POP3_PASSWORD, 'c4r0l'),
        dword(POP3_PORT, 110), string(SMTP_SERVER, 'smtp.isp.example'), dword(SMTP_PORT, 25)]
        + identity('Carol', 'carol@isp.example'),

    # Order as in the 0.01 sample of Win32::Outlook::IAF: groups split and interleaved, SMTP
    # records before the account name, an SMTP certificate (BINARY) and an unknown type.
    # SSL on with port 25 -> 465; POP3 SSL on 110 -> 995 with --protocols.
    'oe6-unusual-order': [
        dword(SMTP_SSL, 1), raw(HTTPMAIL_POLL, b'\x10\x0e\0\0\0\0\0\0'), string(SMTP_SERVER, 'smtp.example.com'),
        string(ACCOUNT_NAME, 'Work (example.com)'), dword(POP3_SSL, 1), string(POP3_SERVER, 'pop.example.com'),
        raw(SMTP_CERTIFICATE, bytes(range(48))), dword(SMTP_PORT, 25), string(POP3_USER, 'dave'),
        raw(0x99990422, b'opaque property of a type unknown to the adapter'),
        password(POP3_PASSWORD, 'correct horse battery staple'), dword(POP3_PORT, 110),
        string(ACCOUNT_ID, '0000006f'), dword(SMTP_AUTH, 0), string(SMTP_EMAIL, 'dave@example.com')],
}

# Edge cases for the adapter's tests (Tests/Fixtures/outlook-express-iaf/).
FIXTURES = {
    # Two SMTPPort records: the first counts and is the one rewritten; the second stays 2525.
    'dup-port-first-counts': account('Duplicate', '00000009') + [
        string(SMTP_SERVER, 'smtp.example.com'), dword(SMTP_PORT, 587), dword(SMTP_SSL, 1),
        dword(SMTP_PORT, 2525)],
    # SMTP records only (no SMTPServer): still an SMTP entry; SSL on 25 with no port record.
    'smtp-ssl-only': [string(ACCOUNT_NAME, 'Bare'), dword(SMTP_SSL, 1)],
    # POP3 with SSL on and no POP3Port record (110) and SMTP on 587: with --protocols both
    # move, the POP3 port record appended after the file's last record.
    'pop3-ssl-noport': account('Incoming', '0000000a') + imap_defaults() + [
        string(POP3_SERVER, 'pop.example.com'), dword(POP3_SSL, 1),
        string(SMTP_SERVER, 'smtp.example.com'), dword(SMTP_PORT, 587), dword(SMTP_SSL, 1)] + httpmail_tail(),
    # Both SMTP and IMAP without port records: two appended records, in entry order.
    'two-appends': account('Twice', '0000000b') + [
        string(SMTP_SERVER, 'smtp.example.com'), dword(SMTP_SSL, 1),
        string(IMAP_SERVER, 'imap.example.com'), dword(IMAP_SSL, 1)],
}


def write_set(folder, sets, default_name='{}.expected.iaf', all_name='{}.all-protocols.expected.iaf'):
    os.makedirs(folder, exist_ok=True)
    for name, records in sets.items():
        original = encode(records)
        outputs = {
            default_name: encode(convert(records, {'smtp'})),
            all_name: encode(convert(records, {'smtp', 'pop3', 'imap'})),
        }
        with open(os.path.join(folder, name + '.iaf'), 'wb') as f:
            f.write(original)
        default_output = outputs[default_name]
        for pattern, data in outputs.items():
            path = os.path.join(folder, pattern.format(name))
            wanted = data != original and (pattern == default_name or data != default_output)
            if wanted:
                with open(path, 'wb') as f:
                    f.write(data)
            elif os.path.exists(path):
                os.remove(path)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    fixtures = os.path.join(os.path.dirname(os.path.dirname(here)), 'Tests', 'Fixtures', 'outlook-express-iaf')
    if sys.argv[1:] == ['--fixtures']:
        write_set(fixtures, FIXTURES)
    elif sys.argv[1:] == []:
        write_set(here, EXAMPLES, '{}-smtps.iaf', os.path.join(fixtures, 'example-{}.all-protocols.expected.iaf'))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
