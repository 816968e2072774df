//! Cryptography for signed packages: SM3/SHA-256 hashes, SM2 (GM/T 0003, with SM3 and the
//! default distinguishing ID) and Ed25519 keys and signatures, PEM key files.
//! (Being written; see the brief in the commit that adds it.)
