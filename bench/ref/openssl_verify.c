/* The raw signature-verify cost of a package, measured with OpenSSL (libcrypto) on the very
 * bytes our packages sign: the DSSE PAE of each payload and its signature, as written by
 * `cargo run --example bench_packages` into DIR/signed/ (NNNN.msg, NNNN.sig, public.pem).
 *
 * `openssl speed` verifies a 32-byte message, so it leaves out hashing the signed bytes
 * (about 10 KB per package: SHA-512 for Ed25519, SM3 for SM2), which is part of verifying
 * any real signature. Everything is read into memory first; only verification is timed,
 * PASSES times over all N messages; the median pass is printed (µs per verify; the fastest
 * too), as a one-line JSON object on stdout. The batch it is compared with is also the median
 * of its runs. Every signature must verify, or the figure means nothing.
 *
 *   cc -O2 -o openssl_verify openssl_verify.c -lcrypto
 *   openssl_verify sm2|ed25519 DIR/signed N [PASSES]
 */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(2); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(n > 0 ? (size_t)n : 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) { fprintf(stderr, "cannot read %s\n", path); exit(2); }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

/* One verification as a verifier does it: a fresh context, the key, the whole message. */
static int verify_one(EVP_PKEY *key, int sm2, const unsigned char *msg, size_t msg_len, const unsigned char *sig, size_t sig_len) {
    static const char id[] = "1234567812345678";
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    int ok = 0;
    if (sm2) {
        pctx = EVP_PKEY_CTX_new(key, NULL);
        if (pctx && EVP_PKEY_CTX_set1_id(pctx, id, strlen(id)) > 0) {
            EVP_MD_CTX_set_pkey_ctx(ctx, pctx);
            ok = EVP_DigestVerifyInit(ctx, NULL, EVP_sm3(), NULL, key) == 1 && EVP_DigestVerify(ctx, sig, sig_len, msg, msg_len) == 1;
        }
    } else {
        ok = EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, key) == 1 && EVP_DigestVerify(ctx, sig, sig_len, msg, msg_len) == 1;
    }
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_CTX_free(pctx);
    return ok;
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: %s sm2|ed25519 DIR N [PASSES]\n", argv[0]); return 2; }
    int sm2 = strcmp(argv[1], "sm2") == 0;
    const char *dir = argv[2];
    int n = atoi(argv[3]);
    int passes = argc > 4 ? atoi(argv[4]) : 5;
    char path[4096];
    snprintf(path, sizeof path, "%s/public.pem", dir);
    FILE *pf = fopen(path, "r");
    if (!pf) { fprintf(stderr, "cannot open %s\n", path); return 2; }
    EVP_PKEY *key = PEM_read_PUBKEY(pf, NULL, NULL, NULL);
    fclose(pf);
    if (!key) { fprintf(stderr, "%s: not a public key OpenSSL reads\n", path); return 2; }
    unsigned char **msg = calloc(n, sizeof *msg), **sig = calloc(n, sizeof *sig);
    size_t *msg_len = calloc(n, sizeof *msg_len), *sig_len = calloc(n, sizeof *sig_len);
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%04d.msg", dir, i);
        msg[i] = slurp(path, &msg_len[i]);
        snprintf(path, sizeof path, "%s/%04d.sig", dir, i);
        sig[i] = slurp(path, &sig_len[i]);
        total += msg_len[i];
    }
    if (passes < 1) passes = 1;
    double *per = calloc(passes, sizeof *per);
    for (int p = 0; p < passes; p++) {
        double t0 = now_us();
        for (int i = 0; i < n; i++) {
            if (!verify_one(key, sm2, msg[i], msg_len[i], sig[i], sig_len[i])) {
                fprintf(stderr, "signature %04d does not verify with OpenSSL\n", i);
                return 1;
            }
        }
        per[p] = (now_us() - t0) / n;
    }
    qsort(per, passes, sizeof *per, by_value);
    printf("{\"alg\": \"%s\", \"n\": %d, \"mean_message_bytes\": %.0f, \"passes\": %d, \"verify_us\": %.2f, \"fastest_us\": %.2f}\n", argv[1], n,
           (double)total / n, passes, per[passes / 2], per[0]);
    return 0;
}
