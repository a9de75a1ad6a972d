"""What a web page needs beyond its text: contact form targets, the content security policy, access facts.
May use: sitegen.core.
"""
