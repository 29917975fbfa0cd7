"""Reports read from files and bytes (JSON, CSV, XLSX): one reader for both doors."""
