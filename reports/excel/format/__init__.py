"""What a CityCheck workbook or .zip export holds: sheets and columns, cell values, row XML, print setup."""
