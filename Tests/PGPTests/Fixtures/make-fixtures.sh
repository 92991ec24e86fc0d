#!/usr/bin/env bash
# Regenerates the OpenPGP key fixtures of Tests/PGPTests/Fixtures (see README.md there): throw-away keys made
# by gpg in a temporary GNUPGHOME with empty passphrases and faked clocks, and tampered copies spliced at the
# packet level (python3, below). Run from anywhere: ./make-fixtures.sh. The outputs are committed; rerunning
# makes new key material, so the fingerprints asserted in PGPKeyValidationTests.swift change with it.
set -euo pipefail
out="$(cd "$(dirname "$0")" && pwd)"
home="$(mktemp -d)"
cleanup() {
    for dir in "$home"/main "$home"/variant; do GNUPGHOME="$dir" gpgconf --kill gpg-agent 2>/dev/null || true; done
    rm -rf "$home"
}
trap cleanup EXIT
export GNUPGHOME="$home/main"
mkdir -m 700 "$GNUPGHOME"
gpg=(gpg --batch --quiet --pinentry-mode loopback --passphrase '')
t0='20250101T000000!'   # primary keys and first subkeys
t1='20250601T000000!'   # later subkeys (newer than the genuine ones, as an attacker's would be)
# gpg's chatter (faked-clock warnings, trustdb notes) goes to a log that is shown only when a step fails.
at() {
    local time="$1"
    shift
    "${gpg[@]}" --faked-system-time "$time" "$@" >>"$home/gpg.log" 2>&1 || { cat "$home/gpg.log" >&2; return 1; }
}
fpr() { gpg --with-colons --list-keys "$1" 2>/dev/null | awk -F: '/^fpr/ { print $10; exit }'; }
export_key() { gpg --export "$1" > "$home/$2.bin"; }
splice() { python3 "$home/splice.py" "$@"; }

cat > "$home/splice.py" <<'PY'
import base64, sys

def packets(data):
    """(tag, whole packet bytes) of a binary key."""
    out, i = [], 0
    while i < len(data):
        start, header = i, data[i]
        i += 1
        if header & 0x40:
            tag, first = header & 0x3F, data[i]
            if first < 192: length, i = first, i + 1
            elif first < 224: length, i = ((first - 192) << 8) + data[i + 1] + 192, i + 2
            else: length, i = int.from_bytes(data[i + 1:i + 5], "big"), i + 5
        else:
            tag, size = (header >> 2) & 0x0F, [1, 2, 4][header & 3]
            length, i = int.from_bytes(data[i:i + size], "big"), i + size
        i += length
        out.append((tag, data[start:i]))
    return out

def sig_type(packet):
    body = packet[packet_body_offset(packet):]
    return body[1]

def packet_body_offset(packet):
    header = packet[0]
    if header & 0x40:
        first = packet[1]
        return 2 if first < 192 else 3 if first < 224 else 6
    return 1 + [1, 2, 4][header & 3]

def crc24(data):
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000: crc ^= 0x1864CFB
    return crc & 0xFFFFFF

def armor(data):
    text = base64.b64encode(data).decode()
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    check = base64.b64encode(crc24(data).to_bytes(3, "big")).decode()
    return "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n" + "\n".join(lines) + "\n=" + check + \
        "\n-----END PGP PUBLIC KEY BLOCK-----\n"

def load(path):
    return packets(open(path, "rb").read())

def flip_last(packet):
    """The packet with the last octet of its signature MPI changed (the left 16 bits of the hash still match)."""
    return packet[:-1] + bytes([packet[-1] ^ 0x01])

command, args = sys.argv[1], sys.argv[2:]
if command == "armor":                      # armor IN OUT
    data = open(args[0], "rb").read()
elif command == "append-subkey":            # append-subkey BASE DONOR OUT: BASE + DONOR's last subkey and its signatures
    base, donor = load(args[0]), load(args[1])
    last = max(i for i, (tag, _) in enumerate(donor) if tag == 14)
    data = b"".join(p for _, p in base + donor[last:])
elif command == "swap-subkey":              # swap-subkey BASE DONOR OUT: BASE's subkey packet replaced by DONOR's last
    base, donor = load(args[0]), load(args[1])
    subkey = [p for tag, p in donor if tag == 14][-1]
    data = b"".join(subkey if tag == 14 else p for tag, p in base)
elif command == "flip":                     # flip IN SIGTYPE N OUT: flip a bit in the N-th (0-based) signature of type
    wanted, nth = int(args[1], 16), int(args[2])
    seen, result = 0, []
    for tag, p in load(args[0]):
        if tag == 2 and sig_type(p) == wanted:
            if seen == nth: p = flip_last(p)
            seen += 1
        result.append(p)
    assert seen > nth, f"no signature of type {args[1]} number {nth}"
    data = b"".join(result)
else:
    sys.exit(f"unknown command {command}")
open(args[-1], "w").write(armor(data)) if args[-1].endswith(".asc") else open(args[-1], "wb").write(data)
PY

# A: ed25519 primary (sign, certify) with a cv25519 encryption subkey A1.
at "$t0" --quick-gen-key 'Outflow Fixture A <a@outflow.test>' ed25519 sign,cert never
a="$(fpr a@outflow.test)"
at "$t0" --quick-add-key "$a" cv25519 encr never
export_key "$a" genuine
gpg --armor --export-secret-keys "$a" > "$out/genuine.sec.asc"
# B: another ed25519 key whose cv25519 subkey B1 is newer than A1; S: ed25519 sign-only.
at "$t0" --quick-gen-key 'Outflow Fixture B <b@outflow.test>' ed25519 sign,cert never
b="$(fpr b@outflow.test)"
at "$t1" --quick-add-key "$b" cv25519 encr never
export_key "$b" other
at "$t0" --quick-gen-key 'Outflow Fixture S <s@outflow.test>' ed25519 sign,cert never
export_key "$(fpr s@outflow.test)" signonly
# R: RSA 3072 primary with an RSA 3072 encryption subkey; P: NIST P-384 and P-521 keys.
at "$t0" --quick-gen-key 'Outflow Fixture RSA <r@outflow.test>' rsa3072 sign,cert never
r="$(fpr r@outflow.test)"
at "$t0" --quick-add-key "$r" rsa3072 encr never
export_key "$r" rsa
for curve in nistp384 nistp521; do
    at "$t0" --quick-gen-key "Outflow Fixture $curve <$curve@outflow.test>" "$curve" sign,cert never
    at "$t0" --quick-add-key "$(fpr "$curve@outflow.test")" "$curve" encr never
    export_key "$(fpr "$curve@outflow.test")" "$curve"
done
# H: an RSA 2048 key whose self-signatures use SHA-1 (refused: SHA-1 signatures can be forged).
at "$t0" --cert-digest-algo SHA1 --quick-gen-key 'Outflow Fixture SHA-1 <h@outflow.test>' rsa2048 sign,cert never
at "$t0" --cert-digest-algo SHA1 --quick-add-key "$(fpr h@outflow.test)" rsa2048 encr never
export_key "$(fpr h@outflow.test)" sha1

# Variants of A, each in a copy of the keyring so A itself stays as exported above.
variant() { rm -rf "$home/variant"; cp -a "$home/main" "$home/variant"; GNUPGHOME="$home/variant" "$@"; }
two_subkeys() { at "$t1" --quick-add-key "$a" cv25519 encr never; export_key "$a" two-subkeys; }
variant two_subkeys
revoke_second() {
    at "$t1" --quick-add-key "$a" cv25519 encr never
    printf 'key 2\nrevkey\ny\n0\n\ny\nsave\n' | at "$t1" --command-fd 0 --edit-key "$a"
    export_key "$a" revoked-subkey
}
variant revoke_second
expired_second() { at "$t1" --quick-add-key "$a" cv25519 encr 1d; export_key "$a" expired-subkey; }
variant expired_second
revoke_primary() {
    sed 's/^:-----BEGIN/-----BEGIN/' "$GNUPGHOME/openpgp-revocs.d/$a.rev" | gpg --batch --quiet --import 2>>"$home/gpg.log"
    export_key "$a" revoked-primary
}
variant revoke_primary

# The committed fixtures.
splice armor "$home/genuine.bin" "$out/genuine.asc"
splice armor "$home/two-subkeys.bin" "$out/two-subkeys.asc"
splice armor "$home/revoked-subkey.bin" "$out/revoked-subkey.asc"
splice armor "$home/expired-subkey.bin" "$out/expired-subkey.asc"
splice armor "$home/revoked-primary.bin" "$out/revoked-primary.asc"
splice armor "$home/rsa.bin" "$out/rsa.asc"
splice armor "$home/nistp384.bin" "$out/p384.asc"
splice armor "$home/nistp521.bin" "$out/p521.asc"
splice armor "$home/sha1.bin" "$out/sha1-self-signatures.asc"
# Tampered: B's newer subkey and B's binding appended to A; to the sign-only S; B's subkey under A's binding.
splice append-subkey "$home/genuine.bin" "$home/other.bin" "$out/foreign-appended.asc"
splice append-subkey "$home/signonly.bin" "$home/other.bin" "$out/foreign-only.asc"
splice swap-subkey "$home/genuine.bin" "$home/other.bin" "$out/foreign-copied-binding.asc"
# Tampered: one bit of a signature flipped (0x18 binding, 0x13 self-certification, 0x28/0x20 revocations).
splice flip "$home/genuine.bin" 18 0 "$out/corrupt-binding.asc"
splice flip "$home/two-subkeys.bin" 18 1 "$out/corrupt-newer-binding.asc"
splice flip "$home/genuine.bin" 13 0 "$out/corrupt-self-signature.asc"
splice flip "$home/rsa.bin" 18 0 "$out/rsa-corrupt-binding.asc"
splice flip "$home/revoked-subkey.bin" 28 0 "$out/forged-subkey-revocation.asc"
splice flip "$home/revoked-primary.bin" 20 0 "$out/forged-key-revocation.asc"
ls "$out"/*.asc
