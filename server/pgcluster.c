/* pgcluster.c: placeholder, being written. */
