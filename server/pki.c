/* pki.c: placeholder, being written. */
