// Linux calls that Glibc's Swift module does not expose. renameat2(2) with RENAME_NOREPLACE moves a file
// without ever replacing one of the same name, in one system call and without a check-then-rename race; statx(2)
// gives a file's birth time, which tells a file from a later one that reuses its inode.
#ifndef SPARROW_CLINUX_SHIM_H
#define SPARROW_CLINUX_SHIM_H
#include <fcntl.h>
#include <malloc.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

/// Renames `from` to `to` unless `to` exists (then fails with EEXIST). Returns 0 or -1 with errno set.
static inline int sparrow_rename_noreplace(const char *from, const char *to) {
  return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
}
#include <linux/stat.h>
#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif
#ifndef AT_SYMLINK_NOFOLLOW
#define AT_SYMLINK_NOFOLLOW 0x100
#endif

/// The birth time of `path` under `directory` (with AT_EMPTY_PATH and "", of the descriptor `directory` itself),
/// when the filesystem keeps one (statx(2), STATX_BTIME): 1 with the time, or 0. A link is not followed.
static inline int sparrow_birth_time(int directory, const char *path, int flags, long long *seconds,
                                     unsigned int *nanoseconds) {
  struct statx buffer;
  if (syscall(SYS_statx, directory, path, flags | AT_SYMLINK_NOFOLLOW, STATX_BTIME, &buffer) != 0) return 0;
  if (!(buffer.stx_mask & STATX_BTIME)) return 0;
  *seconds = buffer.stx_btime.tv_sec;
  *nanoseconds = buffer.stx_btime.tv_nsec;
  return 1;
}
#endif
