#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Flushes standard output only: fflush(NULL) would also wait on stdin's lock, which a reading thread holds. */
static inline void sparring_flush_stdout(void) { fflush(stdout); }
