/* instance.c: placeholder, being written. */
