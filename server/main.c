/* main.c: placeholder while the daemon is being written. */
int main(void);
int main(void) { return 0; }
