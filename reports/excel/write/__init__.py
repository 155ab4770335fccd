"""Writing workbooks: record versions become cells, cells become row XML, rows are spliced into openpyxl's frame."""
