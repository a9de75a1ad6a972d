"""Putting a site online: GitHub Pages (with a report to GitHub Actions) and Netlify, FTP/SFTP, a zip.
May use: sitegen.directory, sitegen.site and everything below them; never sitegen.preview.
"""
