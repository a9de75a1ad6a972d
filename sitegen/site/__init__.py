"""One group's site, stage by stage: validate, model, render (with SEO, feed, sitemap, share card, PDFs), pipeline.
May use: sitegen.listings, sitegen.web, sitegen.printed, sitegen.calendar and sitegen.core.
"""
