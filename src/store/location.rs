//! Where a database file lives: on a network drive or a local disk, and
//! whether the folder beside it can take new files.
//!
//! SQLite's WAL mode needs shared memory between every process using the
//! file, which a network file system cannot give ("WAL does not work over a
//! network filesystem", <https://sqlite.org/wal.html>), so the journal mode is
//! chosen by where the file lives (see `journal.rs`).

use std::path::Path;

/// The folder a database file lives in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// True when the database at `path` is on a network file system (NFS,
/// SMB/CIFS, FUSE such as sshfs, 9P as WSL mounts Windows drives, AFS, Ceph).
/// A folder whose file system cannot be asked counts as local.
pub fn on_network_drive(path: &Path) -> bool {
    platform::on_network_drive(folder_of(path))
}

/// True when this process may create files in the database's folder
/// (a `-journal`, or a `-wal` and `-shm`).
pub fn folder_is_writable(path: &Path) -> bool {
    platform::is_writable(folder_of(path))
}

/// True when people other than the folder's owner may create files in the
/// database's folder (group or others have write permission). A colleague's
/// program may then read the plan, and in WAL the `-shm` it creates would be
/// the colleague's and lock the owner out; such a folder gets the rollback
/// journal (see [`super::journal`]).
#[cfg(unix)]
pub fn folder_is_shared(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(folder_of(path)).is_ok_and(|meta| meta.permissions().mode() & 0o022 != 0)
}

/// Folder permissions are not Unix bits here: a shared folder is told by
/// [`on_network_drive`] alone.
#[cfg(not(unix))]
pub fn folder_is_shared(_path: &Path) -> bool {
    false
}

/// True when this process may write the file itself.
pub fn file_is_writable(path: &Path) -> bool {
    platform::is_writable(path)
}

/// Linux `statfs` f_type magic numbers of network file systems
/// (from `linux/magic.h` and the file systems' sources).
#[cfg(any(target_os = "linux", target_os = "android", test))]
pub fn is_network_magic(f_type: u32) -> bool {
    const NFS: u32 = 0x6969;
    const SMB: u32 = 0x517B;
    const CIFS: u32 = 0xFF53_4D42;
    const SMB2: u32 = 0xFE53_4D42;
    const FUSE: u32 = 0x6573_5546;
    const V9FS: u32 = 0x0102_1997;
    const AFS: u32 = 0x5346_414F;
    const CEPH: u32 = 0x00C3_6400;
    matches!(f_type, NFS | SMB | CIFS | SMB2 | FUSE | V9FS | AFS | CEPH)
}

/// macOS `statfs` f_fstypename of network file systems.
#[cfg(any(target_os = "macos", test))]
pub fn is_network_type_name(name: &str) -> bool {
    matches!(
        name,
        "smbfs" | "nfs" | "afpfs" | "webdav" | "macfuse" | "osxfuse"
    )
}

#[cfg(any(target_os = "linux", target_os = "android"))]
mod platform {
    use std::path::Path;

    pub fn on_network_drive(folder: &Path) -> bool {
        rustix::fs::statfs(folder).is_ok_and(|stat| super::is_network_magic(stat.f_type as u32))
    }

    pub fn is_writable(path: &Path) -> bool {
        rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok()
    }
}

#[cfg(target_os = "macos")]
mod platform {
    use std::ffi::CStr;
    use std::path::Path;

    pub fn on_network_drive(folder: &Path) -> bool {
        rustix::fs::statfs(folder).is_ok_and(|stat| {
            // SAFETY: f_fstypename is a NUL-terminated array filled by statfs.
            let name = unsafe { CStr::from_ptr(stat.f_fstypename.as_ptr()) };
            super::is_network_type_name(&name.to_string_lossy())
        })
    }

    pub fn is_writable(path: &Path) -> bool {
        rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok()
    }
}

#[cfg(windows)]
mod platform {
    use std::os::windows::ffi::OsStrExt;
    use std::path::{Component, Path, Prefix};

    /// `GetDriveTypeW`'s answer for a network drive.
    const DRIVE_REMOTE: u32 = 4;

    pub fn on_network_drive(folder: &Path) -> bool {
        let absolute = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
        match absolute.components().next() {
            Some(Component::Prefix(prefix)) => match prefix.kind() {
                Prefix::UNC(..) | Prefix::VerbatimUNC(..) => true,
                Prefix::Disk(_) | Prefix::VerbatimDisk(_) => {
                    let root: Vec<u16> = prefix
                        .as_os_str()
                        .encode_wide()
                        .chain("\\".encode_utf16())
                        .chain(Some(0))
                        .collect();
                    // SAFETY: root is a NUL-terminated UTF-16 string such as "S:\".
                    let kind = unsafe {
                        windows_sys::Win32::Storage::FileSystem::GetDriveTypeW(root.as_ptr())
                    };
                    kind == DRIVE_REMOTE
                }
                _ => false,
            },
            _ => false,
        }
    }

    pub fn is_writable(path: &Path) -> bool {
        std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
    }
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    windows
)))]
mod platform {
    use std::path::Path;

    pub fn on_network_drive(_folder: &Path) -> bool {
        false
    }

    pub fn is_writable(path: &Path) -> bool {
        std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_file_systems_are_recognised_by_their_magic_number() {
        for network in [
            0x6969,
            0x517B,
            0xFF53_4D42,
            0xFE53_4D42,
            0x6573_5546,
            0x0102_1997,
        ] {
            assert!(is_network_magic(network), "{network:#x}");
        }
        // ext4, tmpfs, btrfs, xfs, overlayfs
        for local in [0xEF53, 0x0102_1994, 0x9123_683E, 0x5846_5342, 0x794C_7630] {
            assert!(!is_network_magic(local), "{local:#x}");
        }
    }

    #[test]
    fn macos_network_type_names_are_recognised() {
        assert!(is_network_type_name("smbfs"));
        assert!(is_network_type_name("nfs"));
        assert!(is_network_type_name("afpfs"));
        assert!(!is_network_type_name("apfs"));
        assert!(!is_network_type_name("hfs"));
    }

    #[test]
    fn a_temporary_folder_is_local_and_writable() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("plan.db");
        assert!(!on_network_drive(&db));
        assert!(folder_is_writable(&db));
        assert_eq!(folder_of(Path::new("plan.db")), Path::new("."));
    }
}
