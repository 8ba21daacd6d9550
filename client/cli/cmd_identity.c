/*
 * cmd_identity.c: yishi identity request, a P-256 key and a certificate
 * request made on the member's own machine (no server needed), so that the
 * private key never leaves it. The admin signs the request with
 * `yishid issue DIR NAME --csr FILE`.
 */
#include "cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "args.h"
#include "json.h"
#include "out.h"

/* Opens path for writing, new only, with mode. */
static FILE *
identity_create(const char *path, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	if (fd == -1)
		return NULL;
	return fdopen(fd, "w");
}

/* Builds a CSR for name signed with key. */
static X509_REQ *
identity_csr(EVP_PKEY *key, const char *name)
{
	X509_REQ *req = X509_REQ_new();
	X509_NAME *subj;

	if (req == NULL)
		return NULL;
	subj = X509_REQ_get_subject_name(req);
	if (X509_REQ_set_version(req, 0) != 1 ||
	    X509_NAME_add_entry_by_txt(subj, "CN", MBSTRING_UTF8,
	    (const unsigned char *)name, -1, -1, 0) != 1 ||
	    X509_REQ_set_pubkey(req, key) != 1 ||
	    X509_REQ_sign(req, key, EVP_sha256()) <= 0) {
		X509_REQ_free(req);
		return NULL;
	}
	return req;
}

/* yishi identity request --name NAME --out DIR. */
int
cmd_identity_request(struct cli *cli)
{
	const char *name = args_str(cli, "name"), *dir = args_str(cli, "out");
	char keyp[4096], csrp[4096], msg[8192];
	EVP_PKEY *key = NULL;
	X509_REQ *req = NULL;
	FILE *kf = NULL, *cf = NULL;
	struct json j;
	int rc = EXIT_UNAVAILABLE;

	if (snprintf(keyp, sizeof keyp, "%s/key.pem", dir) >= (int)sizeof keyp ||
	    snprintf(csrp, sizeof csrp, "%s/request.pem", dir) >=
	    (int)sizeof csrp)
		return cmd_usage(cli, "--out 路径过长", "--out path too long");
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		snprintf(msg, sizeof msg, TR("无法创建目录 %s：%s",
		    "cannot create %s: %s"), dir, strerror(errno));
		return out_usage(msg);
	}
	if (access(keyp, F_OK) == 0 || access(csrp, F_OK) == 0) {
		snprintf(msg, sizeof msg, TR("%s 中已有 key.pem 或 request.pem，"
		    "不会覆盖", "%s already holds key.pem or request.pem; "
		    "not overwriting"), dir);
		return out_usage(msg);
	}
	key = EVP_EC_gen("P-256");
	if (key == NULL || (req = identity_csr(key, name)) == NULL)
		goto fail;
	kf = identity_create(keyp, 0600);
	if (kf == NULL || PEM_write_PrivateKey(kf, key, NULL, NULL, 0, NULL,
	    NULL) != 1)
		goto fail;
	cf = identity_create(csrp, 0644);
	if (cf == NULL || PEM_write_X509_REQ(cf, req) != 1)
		goto fail;
	if (fclose(kf) != 0) {
		kf = NULL;
		goto fail;
	}
	kf = NULL;
	if (fclose(cf) != 0) {
		cf = NULL;
		goto fail;
	}
	cf = NULL;
	if (out_is_json()) {
		json_init(&j);
		json_obj(&j, NULL);
		json_obj(&j, "request");
		json_str(&j, "name", name);
		json_str(&j, "key", keyp);
		json_str(&j, "csr", csrp);
		json_end(&j);
		json_end(&j);
		(void)out_json_print(&j);
	} else {
		out_printf(TR("已生成密钥 %s 与证书申请 %s。\n"
		    "请将 %s 交管理员签发（yishid issue DIR %s --csr 文件），"
		    "再把 cert.pem 与 ca.pem 放入 %s。\n",
		    "made the key %s and the certificate request %s.\n"
		    "Give %s to the admin to sign (yishid issue DIR %s --csr "
		    "FILE), then put cert.pem and ca.pem into %s.\n"),
		    keyp, csrp, csrp, name, dir);
	}
	rc = EXIT_DONE;
	goto out;
fail:
	snprintf(msg, sizeof msg, TR("生成密钥或证书申请失败：%s",
	    "making the key or the request failed: %s"),
	    errno ? strerror(errno) : ERR_reason_error_string(ERR_get_error()));
	ERR_clear_error();
	rc = out_fail(EXIT_UNAVAILABLE, "unavailable", msg, NULL, NULL, 0,
	    "local");
	if (kf != NULL)
		fclose(kf);
	if (cf != NULL)
		fclose(cf);
	kf = cf = NULL;
	(void)unlink(keyp);
	(void)unlink(csrp);
out:
	if (kf != NULL)
		fclose(kf);
	if (cf != NULL)
		fclose(cf);
	X509_REQ_free(req);
	EVP_PKEY_free(key);
	return rc;
}
