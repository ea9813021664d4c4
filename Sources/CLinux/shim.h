// Linux calls that Glibc's Swift module does not expose. renameat2(2) with RENAME_NOREPLACE moves a file
// without ever replacing one of the same name, in one system call and without a check-then-rename race.
#ifndef SPARROW_CLINUX_SHIM_H
#define SPARROW_CLINUX_SHIM_H
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

/// Renames `from` to `to` unless `to` exists (then fails with EEXIST). Returns 0 or -1 with errno set.
static inline int sparrow_rename_noreplace(const char *from, const char *to) {
  return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
}
#endif
