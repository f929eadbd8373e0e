#!/usr/bin/env bash
# Makes the probe tests' certificates (run once; the output is committed). OpenSSL 3.0 or later.
#   test-ca.pem           the CA the tests trust with --ca-file (valid 2026-2126)
#   other-ca.pem          a CA nobody trusts
#   localhost.pem/.key    leaf for localhost and 127.0.0.1, from test-ca
#   other-name.pem/.key   leaf for other.example and *.other.example, from test-ca
#   untrusted.pem/.key    leaf for localhost, from other-ca
#   expired.pem/.key      leaf for localhost, from test-ca, valid 2000-01-01 to 2001-01-01 only
# Every key is EC P-256; every valid certificate runs for 100 years, so the tests do not age.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

ca() { # name subject
    key "$1.key"
    openssl req -x509 -new -key "$1.key" -sha256 -days 36500 -subj "/CN=$2" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$1.pem"
}

# `openssl ca` is the one 3.0 command that takes explicit start and end dates.
sign() { # name ca-name san start end
    key "$1.key"
    local cn=${3%%,*}
    openssl req -new -key "$1.key" -subj "/CN=${cn#DNS:}" -out "$work/$1.csr"
    mkdir -p "$work/$2"
    : > "$work/$2/index.txt"
    cat > "$work/$2/ca.cnf" <<CNF
[ca]
default_ca = this
[this]
database = $work/$2/index.txt
new_certs_dir = $work/$2
certificate = $2.pem
private_key = $2.key
default_md = sha256
policy = anything
copy_extensions = none
unique_subject = no
rand_serial = yes
[anything]
commonName = supplied
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $3
CNF
    openssl ca -batch -notext -config "$work/$2/ca.cnf" -extensions leaf \
        -startdate "$4" -enddate "$5" -in "$work/$1.csr" -out "$1.pem" 2>/dev/null
}

ca test-ca "mailtls test CA"
ca other-ca "mailtls untrusted CA"
sign localhost test-ca "DNS:localhost,IP:127.0.0.1" 20260101000000Z 21251231000000Z
sign other-name test-ca "DNS:other.example,DNS:*.other.example" 20260101000000Z 21251231000000Z
sign untrusted other-ca "DNS:localhost,IP:127.0.0.1" 20260101000000Z 21251231000000Z
sign expired test-ca "DNS:localhost,IP:127.0.0.1" 20000101000000Z 20010101000000Z
rm -f test-ca.key other-ca.key
echo "made: $(ls *.pem *.key | tr '\n' ' ')"
