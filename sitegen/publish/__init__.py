"""Putting a built site online: GitHub Pages and Netlify workflows, FTP/FTPS/SFTP with a manifest, a zip.
May use: sitegen.directory, sitegen.site and everything below them; never sitegen.preview.
"""
