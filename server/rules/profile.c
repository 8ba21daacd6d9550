/* profile.c: placeholder */
