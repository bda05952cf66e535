//! A cap on how much memory a job's worker process may allocate. On Unix it is the process's
//! data limit (`RLIMIT_DATA`: heap and private writable mappings), so an allocation past the
//! cap fails and the process aborts, alone. Elsewhere there is no cap yet, and the job says so
//! on stderr.

pub use cap::limit_to;

#[cfg(unix)]
mod cap {
    use anyhow::{Result, bail};

    pub fn limit_to(mib: u64) -> Result<()> {
        let bytes = mib.saturating_mul(1 << 20);
        let limit = libc::rlimit {
            rlim_cur: bytes as libc::rlim_t,
            rlim_max: bytes as libc::rlim_t,
        };
        // SAFETY: `setrlimit` reads the struct it is given and changes this process only.
        #[allow(unsafe_code)]
        let status = unsafe { libc::setrlimit(libc::RLIMIT_DATA, &limit) };
        if status != 0 {
            bail!("setrlimit: {}", std::io::Error::last_os_error());
        }
        Ok(())
    }
}

#[cfg(not(unix))]
mod cap {
    pub fn limit_to(mib: u64) -> anyhow::Result<()> {
        eprintln!("no memory cap on this system (asked for {mib} MiB)");
        Ok(())
    }
}
