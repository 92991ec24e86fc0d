#!/usr/bin/env bash
# Writes the SSH private key fixtures of Tests/Fixtures/ssh-keys (throwaway keys that guard nothing) with
# ssh-keygen and openssl. Each KEY has KEY.pub, the public line the parsed private key must reproduce.
# The fixtures are committed; run this only to regenerate them (the tests do not).
set -euo pipefail
out="${1:-Tests/Fixtures/ssh-keys}"
pass="fixture pass"  # the passphrase of every encrypted fixture
mkdir -p "$out"
cd "$out"
rm -f -- *.key *.pub
gen() { # name, ssh-keygen arguments...
    local name="$1"; shift
    ssh-keygen -q -C fixture "$@" -f "$name.key" </dev/null
    mv "$name.key.pub" "$name.pub"
}
types=("ed25519:-t ed25519" "ecdsa256:-t ecdsa -b 256" "ecdsa384:-t ecdsa -b 384" "ecdsa521:-t ecdsa -b 521"
    "rsa2048:-t rsa -b 2048" "rsa3072:-t rsa -b 3072")
for entry in "${types[@]}"; do
    name="${entry%%:*}"; args="${entry#*:}"
    # shellcheck disable=SC2086
    gen "$name-openssh-aes256-ctr" $args -N "$pass"
    for cipher in aes128-ctr aes256-cbc aes256-gcm@openssh.com; do
        # shellcheck disable=SC2086
        gen "$name-openssh-${cipher%@openssh.com}" $args -N "$pass" -Z "$cipher"
    done
    if [ "$name" != ed25519 ]; then
        for format in PEM PKCS8; do
            lower=$(echo "$format" | tr 'A-Z' 'a-z')
            # shellcheck disable=SC2086
            gen "$name-$lower-plain" $args -N '' -m "$format"
            # shellcheck disable=SC2086
            gen "$name-$lower-pass" $args -N "$pass" -m "$format"
        done
    fi
done
gen ed25519-openssh-aes192-ctr -t ed25519 -N "$pass" -Z aes192-ctr
gen ecdsa256-openssh-aes128-cbc -t ecdsa -b 256 -N "$pass" -Z aes128-cbc
gen ed25519-openssh-chacha20-poly1305 -t ed25519 -N "$pass" -Z chacha20-poly1305@openssh.com
gen ed25519-openssh-rounds2000 -t ed25519 -N "$pass" -a 2000
gen ecdsa256-openssh-rounds1-gcm -t ecdsa -b 256 -N "$pass" -a 1 -Z aes256-gcm@openssh.com  # cheap to parse often

# openssl: PKCS#8 ed25519, encrypted PKCS#8 (PBES2, PBKDF2 + AES-CBC), legacy encrypted PEM with each AES size.
pub_of() { # key file, passphrase -> OpenSSH public line (via Python cryptography, which reads every format here)
    python3 - "$1" "$2" <<'PY'
import sys
from cryptography.hazmat.primitives import serialization
data = open(sys.argv[1], "rb").read()
password = sys.argv[2].encode() or None
key = serialization.load_pem_private_key(data, password=password)
line = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
print(line.decode() + " fixture")
PY
}
openssl genpkey -algorithm ed25519 -out ed25519-pkcs8-plain.key 2>/dev/null
pub_of ed25519-pkcs8-plain.key '' > ed25519-pkcs8-plain.pub
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:"$pass" -in ed25519-pkcs8-plain.key -out ed25519-pkcs8-aes256-sha256.key
cp ed25519-pkcs8-plain.pub ed25519-pkcs8-aes256-sha256.pub
openssl pkcs8 -topk8 -v2 aes-128-cbc -v2prf hmacWithSHA1 -passout pass:"$pass" -in ed25519-pkcs8-plain.key \
    -out ed25519-pkcs8-aes128-sha1.key
cp ed25519-pkcs8-plain.pub ed25519-pkcs8-aes128-sha1.pub
openssl pkcs8 -topk8 -v2 aes-192-cbc -passout pass:"$pass" -in rsa2048-pkcs8-plain.key -out rsa2048-pkcs8-aes192.key
cp rsa2048-pkcs8-plain.pub rsa2048-pkcs8-aes192.pub
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:"$pass" -in ecdsa384-pkcs8-plain.key -out ecdsa384-pkcs8-aes256.key
cp ecdsa384-pkcs8-plain.pub ecdsa384-pkcs8-aes256.pub
openssl rsa -traditional -aes256 -passout pass:"$pass" -in rsa3072-pem-plain.key -out rsa3072-pem-aes256.key 2>/dev/null
cp rsa3072-pem-plain.pub rsa3072-pem-aes256.pub
openssl ec -aes192 -passout pass:"$pass" -in ecdsa521-pem-plain.key -out ecdsa521-pem-aes192.key 2>/dev/null
cp ecdsa521-pem-plain.pub ecdsa521-pem-aes192.pub
openssl rsa -traditional -des3 -passout pass:"$pass" -in rsa2048-pem-plain.key -out rsa2048-pem-des3.key 2>/dev/null
openssl pkcs8 -topk8 -v2 des3 -passout pass:"$pass" -in rsa2048-pkcs8-plain.key -out rsa2048-pkcs8-des3.key
