/*
 * instance.h: `yishid init` and `yishid issue`, the instance folder:
 *
 *   DIR/yishid.conf            settings (written last: it marks a finished init)
 *   DIR/ca.pem, ca.key         the instance CA (key 0600); with
 *                              `init --ca-dir CADIR` the key is written to
 *                              CADIR (with a copy of ca.pem) and never to
 *                              DIR: an offline CA folder, brought back with
 *                              --ca-dir for whatever needs the key (issue)
 *   DIR/server.pem, server.key the server certificate for localhost
 *   DIR/identities/NAME/       cert.pem, key.pem (0600), ca.pem
 *   DIR/pg/, DIR/run/, DIR/pg.log   the private PostgreSQL cluster, if any
 *
 * Both print what they made to stdout, one human line per thing, and
 * return 0, or -1 after logging why.
 */
#ifndef YISHI_INSTANCE_H
#define YISHI_INSTANCE_H

#define INSTANCE_PORT_DEFAULT	7400

/*
 * Creates an instance in dir (created 0711 if missing; an existing empty
 * folder is fine). database_url NULL: a private cluster in DIR/pg, created,
 * started, migrated, and stopped again (init leaves nothing running;
 * `yishid run` starts it). Otherwise that database, reached as a superuser,
 * is migrated. port < 0 means INSTANCE_PORT_DEFAULT; 0 means any free port.
 * The admin identity is recorded in the database (is_admin). ca_dir NULL:
 * the CA key goes to DIR/ca.key (and a notice says to move it offline);
 * otherwise it goes to ca_dir/ca.key (created 0700, with a copy of ca.pem),
 * and DIR holds the CA certificate only.
 */
int instance_init(const char *dir, const char *database_url, int port,
    const char *ca_dir) __attribute__((warn_unused_result));

/*
 * Issues identity name into DIR/identities/NAME/ and records it in the
 * database (identities row and a body-0 trail entry "identity.issue", in
 * one transaction). csr_path NULL: a new key is made here; otherwise that
 * request is signed and no key is written. A stopped private cluster is
 * started for this and stopped again; a running one (a live yishid) is
 * used as is. Nothing is left behind when recording fails. The CA key is
 * read from ca_dir/ca.key when ca_dir is given, else from the instance
 * folder (its config's ca_key_file); when it is not there, the error says
 * it is kept offline and to give --ca-dir.
 */
int instance_issue(const char *dir, const char *name, const char *csr_path,
    const char *ca_dir) __attribute__((warn_unused_result));

/*
 * Issues many identities in one process and one transaction (what
 * instance_issue does for one, without a CSR): the names of file, one a
 * line (blank lines and '#' comments skipped), or, when file is NULL,
 * prefix1 .. prefixCOUNT. Either all are recorded, or none: a failure
 * removes every folder the batch made. For load tests and large bodies:
 * 10,000 identities take seconds instead of minutes.
 */
int instance_issue_batch(const char *dir, const char *file, long count,
    const char *prefix, const char *ca_dir)
    __attribute__((warn_unused_result));

/* Tells whether name may name an identity: 1 to 64 characters of valid
   UTF-8, no '/', '\\', whitespace or control characters, not starting with
   '.'. */
int instance_name_valid(const char *name);

#endif
