"""The read-only reporting API (`/api/v1/`) for Power BI, Excel and other reporting tools."""
