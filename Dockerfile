# The engine's one image: ROLE=api, ROLE=worker and the simulator all run from it (docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production API_HOST=0.0.0.0 WORKER_HTTP_HOST=0.0.0.0
COPY package.json package-lock.json ./
# tsx runs the TypeScript sources, so dev dependencies stay in the image.
RUN npm ci --no-audit --no-fund --include=dev
COPY . .
# The workflow bundle is built into the image, so replicas start in about a second.
RUN npm run build:workflows
RUN mkdir -p /data && chown node:node /data
USER node
CMD ["npm", "start"]
