// The two libsystemd calls Sparrow needs. The variadic sd_journal_send / sd_notifyf cannot be imported into
// Swift; sd_journal_sendv (an iovec array) and sd_notify (one string) can.
#ifndef SPARROW_CSYSTEMD_SHIM_H
#define SPARROW_CSYSTEMD_SHIM_H
#include <sys/uio.h>
#include <systemd/sd-journal.h>
#include <systemd/sd-daemon.h>
#endif
